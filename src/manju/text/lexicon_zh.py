"""The Chinese words the name search knows by heart: surnames, the kinship and household
words that name one person of a scene, and the roles that may stand before a name.

Word lists only; what is done with them is in :mod:`.names_zh` and :mod:`.cast_zh`.
"""

from __future__ import annotations

import re

SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖萧田董袁潘于蒋蔡余"
    "杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶"
    "黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹"
    "申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管"
    "柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏"
    "席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑"
    "迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权洪"
    "强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸"
    "雍辜羊乌母裘亓修邰赫杭况宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於居揭干但尉冶斯"
    "元束檀衣信展阴昝智幸奉植衡富尧闭由沐阎"
)
COMPOUND_SURNAMES = (
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "慕容", "令狐", "南宫", "独孤", "长孙", "宇文",
    "尉迟", "公孙", "西门", "夏侯", "端木", "轩辕", "司徒", "百里", "呼延", "澹台", "拓跋",
)
#: role and kinship words that name one person of a scene when used as a subject
KIN_ROLES: dict[str, str] = {
    "奶奶": "female", "爷爷": "male", "外婆": "female", "外公": "male", "姥姥": "female",
    "姥爷": "male", "婆婆": "female", "爸爸": "male", "妈妈": "female", "父亲": "male",
    "母亲": "female", "大伯": "male", "大伯母": "female", "伯母": "female", "伯父": "male",
    "叔叔": "male", "婶婶": "female", "舅舅": "male", "舅妈": "female", "姑姑": "female",
    "姑父": "male", "大嫂": "female", "嫂子": "female", "表哥": "male", "表姐": "female",
    "姐姐": "female", "哥哥": "male", "弟弟": "male", "妹妹": "female", "丈夫": "male",
    "妻子": "female", "老公": "male", "老婆": "female", "师娘": "female", "掌柜": "male",
    "掌柜的": "male", "管家": "male", "老板": "unknown", "老板娘": "female", "店小二": "male",
    "小二": "male", "班主任": "unknown", "皇上": "male", "皇帝": "male", "皇后": "female",
    "太后": "female", "王爷": "male", "王妃": "female", "太子": "male", "公主": "female",
    "国王": "male", "大王": "male", "王后": "female", "女王": "female",
    "师父": "unknown", "师尊": "unknown", "掌门": "unknown", "公公": "male", "老夫人": "female",
    "老爷": "male", "夫人": "female", "少爷": "male", "陛下": "unknown", "殿下": "unknown",
    "娘": "female", "爹": "male", "长老": "male", "宗主": "unknown", "将军": "male",
    "师兄": "male", "师姐": "female", "祖父": "male", "祖母": "female", "外祖父": "male",
    "外祖母": "female",
    # offices and trades that name the one holder a scene has (村长说, 掌门道)
    "村长": "unknown", "队长": "unknown", "支书": "unknown", "书记": "unknown", "厂长": "unknown",
    "校长": "unknown", "县长": "unknown", "乡长": "unknown", "镇长": "unknown", "局长": "unknown",
    "连长": "unknown", "班长": "unknown", "大夫": "unknown", "郎中": "male", "道长": "male",
    "方丈": "male", "住持": "male", "船家": "male", "车夫": "male", "店主": "unknown",
    "老者": "male", "老妇人": "female",
    # the household's own words for its people (太太说, 二姐道, 爸放下筷子)
    "太太": "female", "师母": "female", "大姐": "female", "二姐": "female", "三姐": "female",
    "大哥": "male", "二哥": "male", "三哥": "male", "爸": "male", "老太爷": "male", "老太太": "female",
}
#: single-character kinship words, matched only where they stand alone
SINGLE_KIN = {
    "娘": re.compile(r"(?<![姑新大后老亲娘婆厨奶])娘(?![娘子家们亲])"),
    "爹": re.compile(r"(?<![老阿亲干])爹(?![爹们娘])"),
    "爸": re.compile(r"(?<![老阿亲干爸])爸(?![爸们妈])"),
}
#: roles that may stand right before a name as an apposition (父亲陈建国, 秘书林芳)
APPOSITIVE = {
    "父亲": "male", "母亲": "female", "丈夫": "male", "妻子": "female", "表哥": "male",
    "表姐": "female", "表弟": "male", "表妹": "female", "哥哥": "male", "姐姐": "female",
    "弟弟": "male", "妹妹": "female", "师父": "unknown", "师尊": "unknown", "大师兄": "male",
    "师兄": "male", "师姐": "female", "师弟": "male", "小师妹": "female", "师妹": "female",
    "秘书": "unknown", "管家": "male", "丫鬟": "female", "太监": "male", "宫女": "female",
    "侍女": "female", "队长": "unknown", "经理": "unknown", "主管": "unknown", "总监": "unknown",
    "老板": "unknown", "班主任": "unknown", "侦探": "unknown", "女警": "female",
    "大学生": "unknown", "实习生": "unknown", "女主人": "female", "男主人": "male",
    "皇子": "male", "公主": "female", "掌柜": "male", "同桌": "unknown", "老师": "unknown",
    "大宫女": "female", "少年": "male", "少女": "female", "女子": "female", "男子": "male",
    "掌门": "unknown", "村长": "unknown", "助理": "unknown", "闺蜜": "female", "司机": "unknown",
    "保镖": "unknown", "徒弟": "unknown", "弟子": "unknown", "书童": "male", "小厮": "male",
    # offices, hired hands and kin before a name said once (科长孙子良, 听差老刘, 大哥林海)
    "科长": "unknown", "处长": "unknown", "局长": "unknown", "主任": "unknown",
    "听差": "male", "长工": "male", "车夫": "male",
    "大哥": "male", "二哥": "male", "大姐": "female", "二姐": "female", "同事": "unknown",
    "师娘": "female", "堂兄": "male", "堂弟": "male", "堂妹": "female",
    # a family's and a village's words before a name (二爸李德贵, 班长郝建国, 支书田某)
    "二爸": "male", "三爸": "male", "二叔": "male", "三叔": "male", "大伯": "male",
    "二妈": "female", "二婶": "female", "大娘": "female", "舅舅": "male", "姑姑": "female",
    "班长": "unknown", "支书": "unknown", "书记": "unknown", "会计": "unknown",
    # servants and trades of a household or a street (女仆玛弥, 乳母赵嬷嬷, 校役老王)
    "女仆": "female", "仆人": "unknown", "老仆": "male", "女佣": "female", "佣人": "unknown",
    "奶妈": "female", "乳母": "female", "使女": "female", "婢女": "female", "丫头": "female",
    "厨子": "male", "门房": "male", "校役": "male", "茶房": "male", "伙计": "male",
    "账房": "male", "巡警": "male", "警察": "unknown", "护士": "female", "医生": "unknown",
}
