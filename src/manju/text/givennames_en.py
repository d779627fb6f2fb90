"""English given names (with their usual sex) and pet names, for telling who is who."""

FEMALE_NAMES = set(
    """Mary Anne Ann Anna Elizabeth Jane Emma Harriet Catherine Kate Kitty Lucy Charlotte Margaret
    Sarah Sophia Julia Maria Fanny Frances Eleanor Elinor Marianne Isabella Louisa Henrietta Lydia
    Alice Helen Ellen Edith Daisy Rose Lily Grace Mildred Susan Martha Rachel Rebecca Esther Ruth
    Laura Clara Clarissa Agnes Dorothy Florence Annie Amy Nancy Betty Bella Diana Marilla Cecily
    Evelyn Emily Jessie Josephine Judith Julie Louise Lucie Madeleine Marie Marion Matilda
    Olivia Penelope Sophie Victoria Violet Wilhelmina Adela Adele Brett Edna Polly Sally Mara
    Beatrice Charity Cynthia Ella Gertrude Hannah Irene Jenny Lizzy Lizzie Lilian Mabel May
    Nelly Nell Rosamund Sybil Theresa Ursula Winifred Zoe Linda Lisa Karen Nora Vera Olga
    Janey Jenny Medora Regina Augusta Georgiana Caroline Philippa Jemima Lavinia Sophy Sibyl
    Cecilia Sissy Evie Dolly Hilda Cassandra Katharine Katherine Kathleen Blanche Polina Marfa
    Nancy Nance Bet Bess Bessie Betsy Beth Eliza Liza Lizzie Tilly Milly Molly Peggy Patty
    Hetty Hester Priscilla Prudence Mercy Honor Constance Patience Phoebe Phyllis Rhoda Rosa
    Rosalind Rosamond Rosalie Selina Susanna Susannah Tabitha Viola Clarice Dora Doris Ethel
    Edith Eva Eve Gladys Gwendolen Gwendolyn Harriett Henriette Ida Ines Iris Isabel Isobel
    Jean Jeanne Joan Josie Julietta Juliet Kitty Leonora Lettice Lottie Lucilla Lucinda Lucia
    Mabel Madeline Magdalen Margery Marjorie Marguerite Marian Maud Maude Minnie Miriam Myra
    Nina Olive Pauline Pearl Rebekah Ruby Sadie Sophia Stella Sylvia Tessa Una Wilhelmine
    Adelaide Agatha Amelia Antonia Arabella Beatrix Bertha Camilla Celia Charlotta Christina
    Clementina Cordelia Deborah Dinah Dorcas Elaine Eugenia Fenella Flora Frederica Geraldine
    Hermione Imogen Jessica Lydia Mariana Mariequita Marilla Mathilde Mattie Millicent Mina
    Natalie Octavia Ophelia Pamela Philomena Roberta Sophronia Teresa Valentine Virginia""".split()
)
MALE_NAMES = set(
    """John James William Henry Charles George Thomas Edward Robert Richard Frank Frederick Fred
    Arthur Albert Alfred Walter Harry Jack Tom Dick Ned Bill Joe Joseph Samuel Peter Paul David
    Michael Philip Stephen Matthew Mark Luke Andrew Anthony Hugh Ralph Roger Francis Lawrence
    Edmund Edgar Harold Herbert Howard Leonard Louis Martin Oliver Patrick Percy Basil Cecil
    Charley Charlie Christopher Daniel Dorian Elias Ernest Felix Gilbert Gerald Gregory Jake Jim
    Jimmy Lionel Max Newland Noah Owen Reginald Rupert Sidney Simon Timothy Victor Vincent Wilfred
    Emile Robin Mike Harvey Nick Ben Benjamin Adam Alexander Alexis Ivan Nikolai Pierre Jean
    Jacques Antonio Giovanni Carlo Hans Karl Otto Isaac Jacob Moses Aaron Abraham Noel
    Tibby Ralph Rodney Cyril Aziz Lucas Gino Philip Reggie Teddy Freddy Freddie Willoughby
    Edmund Henry Gabriel Lucian
    Alan Alec Algernon Ambrose Amos Angus Archibald Augustus Barnaby Bartholomew Bertie Bob
    Bobby Cuthbert Clement Colin Conrad Dan Denis Dennis Donald Douglas Duncan Eben Ebenezer
    Edwin Eli Elijah Eugene Everard Ezra Ferdinand Gabriel Geoffrey Godfrey Gustavus Guy
    Hector Horace Humphrey Ignatius Jasper Jeremiah Jeremy Jerome Jesse Job Jonas Jonathan
    Josiah Julius Kit Laurence Lewis Lucius Luther Malcolm Matthias Maurice Mortimer Nathan
    Nathaniel Nicholas Nigel Oscar Oswald Perceval Peregrine Quentin Randolph Raymond Reuben
    Rex Rowland Roland Rufus Sam Sammy Saul Sebastian Seth Silas Solomon Stanley Theodore
    Tobias Toby Valentin Walt Wallace Will Willie Willy Zachary Alexei Dmitri Mikhail Sergei
    Fyodor Pyotr Andrei Boris Gregor Heinrich Wilhelm Friedrich Ludwig Franz Johann Giuseppe
    Luigi Pietro Paolo Marco Enrico Francesco Raoul Henri Louis Gaston Alphonse Armand
    Robert Robin Bertrand Jerry Matt Pete Ted Tim Tommy Jack Jake Bill Billy Jim Joe Ned
    Jo Mike Sillerton""".split()
)

#: pet names and the given names they stand for
NICKNAMES = {
    "Lizzy": "Elizabeth", "Lizzie": "Elizabeth", "Eliza": "Elizabeth", "Liz": "Elizabeth",
    "Betsy": "Elizabeth", "Bess": "Elizabeth", "Bessie": "Elizabeth", "Beth": "Elizabeth",
    "Kitty": "Catherine", "Kate": "Catherine", "Katie": "Catherine", "Fanny": "Frances",
    "Jenny": "Jane", "Janey": "Jane", "Nancy": "Anne", "Annie": "Anne", "Nance": "Nancy",
    "Polly": "Mary", "Molly": "Mary", "Maggie": "Margaret", "Meg": "Margaret",
    "Peggy": "Margaret", "Sally": "Sarah", "Sukey": "Susan", "Sue": "Susan", "Nelly": "Ellen",
    "Nell": "Ellen", "Tom": "Thomas", "Tommy": "Thomas", "Bill": "William", "Billy": "William",
    "Will": "William", "Willy": "William", "Dick": "Richard", "Bob": "Robert", "Bobby": "Robert",
    "Ned": "Edward", "Ted": "Edward", "Teddy": "Edward", "Jack": "John", "Johnny": "John",
    "Harry": "Henry", "Hal": "Henry", "Jim": "James", "Jimmy": "James", "Jem": "James",
    "Charley": "Charles", "Charlie": "Charles", "Fred": "Frederick", "Freddy": "Frederick",
    "Freddie": "Frederick", "Sam": "Samuel", "Joe": "Joseph", "Dolly": "Dorothy",
    "Tibby": "Theobald", "Evie": "Evelyn", "Cissy": "Cecilia", "Sissy": "Cecilia",
    "Loo": "Louisa", "Lou": "Louisa", "Ally": "Alice", "Georgy": "Georgiana", "Nick": "Nicholas",
    "Len": "Leonard", "Lenny": "Leonard", "Mike": "Michael", "Mick": "Michael", "Alf": "Alfred",
    "Ben": "Benjamin", "Dan": "Daniel", "Larry": "Lawrence", "Matt": "Matthew", "Phil": "Philip",
    "Steve": "Stephen", "Tony": "Anthony", "Walt": "Walter", "Archie": "Archibald",
    "Becky": "Rebecca", "Cathy": "Catherine", "Fan": "Frances", "Patty": "Martha",
    "Nan": "Anne", "Nanny": "Anne", "Gus": "Augustus", "Dolph": "Adolphus",
}
