"""Words people use for each value an edit can set, in English and Chinese.

Each table maps a value of the document (a framing, a time of day, a colour…) to the words
that name it. English words match on word boundaries, case-insensitively; Chinese words
match as substrings. Longer words are tried first, so "close-up" wins over "close".
"""

from __future__ import annotations

Table = dict[str, tuple[str, ...]]

FRAMING: Table = {
    "close_up": ("close-up", "close up", "closeup", "close shot", "大特写", "特写", "近景"),
    "wide": ("wide shot", "wide", "long shot", "establishing shot", "full shot", "大全景", "全景",
             "远景"),
    "medium": ("medium shot", "medium", "mid shot", "mid-shot", "中景", "半身"),
    "two_shot": ("two-shot", "two shot", "双人镜头", "双人"),
    "over_shoulder": ("over the shoulder", "over-the-shoulder", "over shoulder", "过肩镜头", "过肩"),
    "reaction": ("reaction shot", "反应镜头"),
    "insert": ("insert shot", "detail shot", "细节镜头", "空镜"),
}
CAMERA: Table = {
    "push_in": ("push in", "push-in", "zoom in", "dolly in", "move in", "推近", "推镜头", "推进",
                "拉近", "镜头推"),
    "pull_out": ("pull out", "pull back", "zoom out", "dolly out", "拉远", "拉镜头", "后拉"),
    "pan_left": ("pan left", "pan to the left", "向左摇", "往左摇", "左摇", "向左移"),
    "pan_right": ("pan right", "pan to the right", "向右摇", "往右摇", "右摇", "向右移"),
    "static": ("static", "no camera movement", "no camera move", "no movement", "still camera",
               "locked off", "locked-off", "固定机位", "固定镜头", "不要运镜", "镜头不动"),
}
TRANSITION: Table = {
    "fade": ("fade in", "fade out", "fade", "dissolve", "淡入", "淡出", "渐隐", "渐变"),
    "cut": ("hard cut", "straight cut", "硬切", "直接切"),
}
TIME: Table = {
    "night": ("nighttime", "night", "midnight", "夜晚", "晚上", "夜里", "深夜", "半夜", "黑夜", "夜"),
    "dusk": ("dusk", "sunset", "evening", "twilight", "黄昏", "傍晚", "日落", "夕阳"),
    "day": ("daytime", "daylight", "day", "morning", "noon", "afternoon", "白天", "早上", "上午",
            "中午", "下午", "白日", "清晨"),
}
#: "clear" first: "no rain" and 不要下雨 must not read as rain.
WEATHER: Table = {
    "clear": ("no rain", "stop raining", "no snow", "no fog", "clear", "sunny", "dry", "不要下雨",
              "不下雨", "别下雨", "雨停", "不要下雪", "晴天", "晴朗", "晴"),
    "rain": ("raining", "rainy", "rain", "storm", "stormy", "下雨", "雨天", "大雨", "暴雨", "雨"),
    "snow": ("snowing", "snowy", "snow", "下雪", "大雪", "雪"),
    "fog": ("foggy", "fog", "misty", "mist", "大雾", "起雾", "雾"),
}
KIND: Table = {
    "home": ("living room", "bedroom", "kitchen", "apartment", "house", "home", "卧室", "客厅",
             "厨房", "公寓", "家里", "家中", "房间"),
    "office": ("meeting room", "office", "company", "办公室", "会议室", "公司", "写字楼"),
    "street": ("street", "road", "alley", "city", "town", "街道", "马路", "小巷", "街头", "大街",
               "街上", "街"),
    "shop": ("coffee shop", "restaurant", "cafe", "café", "store", "shop", "bar", "咖啡馆",
             "咖啡厅", "餐厅", "饭店", "商店", "酒吧", "茶馆", "店里"),
    "forest": ("forest", "woods", "jungle", "森林", "树林", "竹林"),
    "mountain": ("mountain", "cliff", "hill", "山顶", "悬崖", "山上", "山谷"),
    "palace": ("palace", "temple", "castle", "宫殿", "皇宫", "寺庙", "大殿"),
    "coast": ("lighthouse", "seaside", "harbour", "harbor", "beach", "coast", "sea", "海边", "海滩",
              "沙滩", "大海", "码头", "灯塔", "海岸"),
    "sky": ("sky", "clouds", "天空", "云端", "云上"),
    "room_generic": ("hospital", "classroom", "library", "corridor", "hallway", "room", "医院",
                     "教室", "图书馆", "走廊"),
}
MOOD: Table = {
    "tense": ("suspenseful", "suspense", "tension", "tense", "ominous", "紧张", "悬疑", "压抑"),
    "sad": ("melancholy", "sadder", "sad", "mournful", "伤感", "悲伤", "忧伤", "难过"),
    "happy": ("cheerful", "happier", "happy", "upbeat", "joyful", "欢快", "开心", "轻快", "愉快"),
    "calm": ("peaceful", "calmer", "calm", "gentle", "quiet", "soft", "平静", "舒缓", "安静", "轻柔"),
    "action": ("exciting", "action", "epic", "intense", "激烈", "激昂", "热血", "动感"),
    "romantic": ("romantic", "love", "浪漫", "温馨", "甜蜜"),
}
STYLE: Table = {
    "ink": ("ink", "manga", "水墨", "墨水", "漫画风"),
    "noir": ("black and white", "black-and-white", "noir", "黑白", "黑色电影"),
    "pastel": ("watercolour", "watercolor", "pastel", "粉彩", "淡彩", "水彩"),
    "flat": ("flat colour", "flat color", "flat", "扁平", "平涂"),
}
#: Style words that name a style even without the word "style".
STYLE_STRONG = ("noir", "pastel", "watercolour", "watercolor", "manga", "black and white",
                "black-and-white", "水墨", "黑白", "粉彩", "淡彩", "水彩", "扁平", "平涂")
EMOTION: Table = {
    "angry": ("angrier", "angry", "furious", "annoyed", "mad", "生气", "愤怒", "发火", "恼火", "气愤"),
    "sad": ("sadder", "sad", "upset", "crying", "cry", "伤心", "难过", "悲伤", "哭"),
    "happy": ("happier", "happy", "cheerful", "joyful", "glad", "smiling", "开心", "高兴", "快乐"),
    "surprised": ("surprised", "shocked", "astonished", "惊讶", "吃惊", "震惊"),
    "scared": ("scared", "afraid", "frightened", "terrified", "fearful", "害怕", "恐惧", "惊恐"),
    "shout": ("shouted", "shouting", "shout", "yelled", "yell", "screamed", "scream", "喊出来",
              "大喊", "喊", "吼", "大声"),
    "whisper": ("whispered", "whispering", "whisper", "softly", "quietly", "小声", "低声", "轻声",
                "耳语"),
    "smug": ("smug", "得意"),
    "laugh": ("laughing", "laughed", "laugh", "chuckling", "giggling", "大笑", "哈哈",
              "(?<![微冷嗤苦讥])笑(?![容脸])"),
    "disgusted": ("disgusted", "disgust", "厌恶", "嫌弃", "恶心"),
    "neutral": ("neutral", "calmly", "calm", "平静", "冷静", "淡定"),
    "thought": ("to herself", "to himself", "thinking", "thought", "内心独白", "心想", "心里"),
}
#: Relative changes of a voice: (pitch step, speed step).
VOICE: dict[str, tuple[tuple[str, ...], tuple[int, int]]] = {
    "older": (("older", "old", "elderly", "苍老", "老"), (-10, -15)),
    "younger": (("younger", "young", "childlike", "年轻", "稚嫩"), (10, 10)),
    "deeper": (("deeper", "lower", "deep", "low", "低沉", "浑厚", "低"), (-12, 0)),
    "higher": (("higher", "high", "高(?!兴)", "尖", "清脆"), (12, 0)),
    "faster": (("faster", "quicker", "quickly", "fast", "快(?!乐)"), (0, 25)),
    "slower": (("slower", "slowly", "slow", "慢"), (0, -25)),
}
VOICE_WORDS = ("sound", "sounds", "voice", "speak", "speaks", "talk", "talks", "pitch", "声音",
               "嗓音", "说话", "语速", "音调", "声线", "口音", "嗓子")
HAIR = ("hair", "头发", "发色", "金发")
EYES = ("eyes", "eye", "眼睛", "眼珠", "瞳孔")
SKIN = ("skin", "皮肤", "肤色")
OUTFIT: Table = {
    "suit": ("suit", "西装", "西服"),
    "dress": ("dress", "gown", "连衣裙", "长裙", "裙子", "裙"),
    "coat": ("trench coat", "overcoat", "jacket", "coat", "外套", "大衣", "风衣", "夹克"),
    "shirt": ("t-shirt", "blouse", "shirt", "衬衫", "衬衣", "T恤"),
    "hoodie": ("sweatshirt", "hoodie", "卫衣"),
    "robe": ("robe", "长袍", "袍子", "道袍"),
    "uniform": ("uniform", "制服", "警服", "校服"),
}
CLOTHES = ("clothes", "clothing", "outfit", "衣服", "服装", "穿着")
HAIR_STYLE: Table = {
    "short": ("short hair", "短发", "短头发"),
    "long": ("long hair", "长发", "长头发"),
    "bun": ("hair bun", "bun", "发髻", "丸子头"),
    "ponytail": ("ponytail", "马尾"),
    "bob": ("bob", "波波头"),
    "spiky": ("spiky hair", "spiky", "刺猬头"),
    "bald": ("bald", "光头"),
}
ACCESSORY: Table = {
    "glasses": ("glasses", "spectacles", "眼镜"),
    "hairpin": ("hairpin", "发簪", "发夹"),
    "earrings": ("earrings", "耳环"),
    "beard": ("beard", "胡子", "胡须"),
    "scar": ("scar", "伤疤"),
    "crown": ("crown", "王冠"),
    "hat": ("hat", "cap", "帽子"),
}
COLOUR: Table = {
    "navy": ("dark blue", "navy", "藏青", "深蓝", "海军蓝"),
    "black": ("black", "黑"), "white": ("white", "白"), "grey": ("grey", "gray", "灰"),
    "silver": ("silver", "银"), "crimson": ("crimson", "深红", "酒红"), "red": ("red", "红"),
    "pink": ("pink", "粉"), "orange": ("orange", "橙", "橘"), "yellow": ("yellow", "黄"),
    "blonde": ("blonde", "blond", "金发"), "gold": ("golden", "gold", "金"),
    "green": ("green", "绿"), "teal": ("teal", "青"), "blue": ("blue", "蓝"),
    "purple": ("purple", "violet", "紫"), "brown": ("brown", "棕", "褐", "咖啡色"),
    "auburn": ("auburn",), "beige": ("beige", "米色"),
}
