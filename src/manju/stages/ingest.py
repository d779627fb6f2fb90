"""ingest: read a story file (any common encoding) into a ``Source`` split into chapters."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from manju.doc.model import Chapter, Source
from manju.errors import InputError

MAX_BYTES = 64 * 1024 * 1024
SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}

# Very common characters in each script: the right decoding is full of them.
_SIMPLIFIED = set("的一是不了人我在有他这中大来上个们到说时要就出会也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日军者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应战向头文体政美相见被利什二等产或新己制身果加西斯月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活尔更别打女变四神总何电数安少报才结反受目太量再感建务做接必场件计管期市直德资命山金指克许统区保至队形社便空决治展马科司五基眼书非则听白却界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元英士证近失转夫令准布始怎呢存未远叫台单影具罗字爱击流备兵连调深商算质团集百需价花党华城石级整府离况亚请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企八功吗包片史委乎查轻易早曾除农找装广显吧阿李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随选列武红响虽推势参希古众构房半节土投某案黑维革划敌致陈律足态护七兴派孩验责营星够章音跟志底站严巴例防族供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举杀攻父苏密低朝友诉止细愿千值仍男钱破网热助倒育属坐帝限船脸职速刻乐否刚威毛状率甚独球般普怕弹校苦创假久错承印晚兰试股拿脑预谁益阳若哪微尼继送急血惊伤素药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢雷警获模充负云停木游龙树疑层冷洲冲射略范竟句室异激汉村哈策演简卡罪判担州静退既衣您宗积余痛检差富灵协角占配征修皮挥胜降阶审沉坚善妈刘读啊超免压银买皇养伊怀执副乱抗犯追帮宣佛岁航优怪香著田铁控税左右份穿艺背阵草脚概恶块顿敢守酒岛托央户烈洋哥索胡款靠评版宝座释景顾弟登货互付伯慢欧换闻危忙核暗姐介坏讨丽良序升监临亮露永呼味野架域沙掉括舰鱼杂误湾吉减编楚肯测败屋跑梦散温困剑渐封救贵枪缺楼县尚毫移娘朋画班智亦耳恩短掌恐遗固席松秘谢鲁遇康虑幸均销钟诗藏赶剧票损忽巨炮旧端探湖录叶春乡附吸予礼港雨呀板庭妇归睛饭额含顺输摇招婚脱补谓督毒油疗旅泽材灭逐莫笔亡鲜词圣择寻厂睡博勒烟授诺伦岸奥唐卖俄炸载洛健堂旁宫喝借君禁阴园谋宋避抓荣姑孙逃牙束跳顶玉镇雪午练迫爷篇肉嘴馆遍凡础洞卷坦牛宁纸诸训私庄祖丝翻暴森塔默握戏隐熟骨访弱蒙歌店鬼软典欲萨伙遭盘爸扩盖弄雄稳忘亿刺拥徒姆杨齐赛趋曲刀床迎冰虚玩析窗醒妻透购替塞努休虎扬途侵刑绿兄迅套贸毕唯谷轮库迹尤竞街促延震弃甲伟麻川申缓潜闪售灯针哲络抵朱埃抱鼓植纯夏忍页杰筑折郑贝尊吴秀混臣雅振染盛怒舞圆搞狂措姓残秋培迷诚宽宇猛摆梅毁伸摩盟末乃悲拍丁赵硬麦蒋操耶阻订彩抽赞魔纷沿喊违妹浪汇币丰蓝殊献桌啦瓦莱援译夺汽烧距裁偏符勇触课敬哭懂墙袭召罚侠厅拜巧侧韩冒债曼融惯享戴童犹乘挂奖绍厚纵障讯涉彻刊丈爆乌役描洗玛患妙镜唱烦签仙彼弗症仿倾牌陷鸟轰咱菜闭奋庆撤泪茶疾缘播朗杜奶季丹狗尾仪偷奔珠虫驻孔宜艾桥淡翼恨繁寒伴叹旦愈潮粮缩罢聚径恰挑袋灰捕徐珍幕映裂泰隔启尖忠累炎暂估泛荒偿横拒瑞忆孤鼻闹羊呆厉衡胞零穷舍码赫婆魂灾洪腿胆津俗辩胸晓劲贫仁偶辑邦恢赖圈摸仰润堆碰艇稍迟辆废净凶署壁御奉旋冬矿抬蛋晨伏吹鸡倍糊秦盾杯租骑乏隆诊奴摄丧污渡旗甘耐凭扎抢绪粗肩梁幻菲皆碎宙叔岩荡综爬荷悉蒂返井壮薄悄扫敏碍殖详迪矛霍允幅撒剩凯颗骂赏液番箱贴漫酸郎腰舒眉忧浮辛恋餐吓挺励辞艘键伍峰尺昨黎辈贯侦滑券崇扰宪绕趣惜卢颜奏")
_TRADITIONAL = set("的一是不了人我在有他這中大來上個們到說時要就出會也你對生能而子那得於著下自之年過發後作裡用道行所然家種事成方多經麼去法學如都同現當沒動面起看定天分還進好小部其些主樣理心她本前開但因只從想實日軍者意無力它與長把機十民第公此已工使情明性知全三又關點正業外將兩高間由問很最重並物手應戰向頭文體政美相見被利什二等產或新己製身果加西斯月話合回特代內信表化老給世位次度門任常先海通教兒原東聲提立及比員解水名真論處走義各入幾口認條平系氣題活爾更別打女變四神總何電數安少報才結反受目太量再感建務做接必場件計管期市直德資命山金指克許統區保至隊形社便空決治展馬科司五基眼書非則聽白卻界達光放強即像難且權思王象完設式色路記南品住告類求據程北邊死張該交規萬取拉格望覺術領共確傳師觀清今切院讓識候帶導爭運笑飛風步改收根乾造言聯持組每濟車親極林服快辦議往元英士證近失轉夫令準布始怎呢存未遠叫台單影具羅字愛擊流備兵連調深商算質團集百需價花黨華城石級整府離況亞請技際約示復病息究線似官火斷精滿支視消越器容照須九增研寫稱企八功嗎包片史委乎查輕易早曾除農找裝廣顯吧阿李標談吃圖念六引歷首醫局突專費號盡另周較注語僅考落青隨選列武紅響雖推勢參希古眾構房半節土投某案黑維革劃敵致陳律足態護七興派孩驗責營星夠章音跟志底站嚴巴例防族供效續施留講型料終答緊黃絕奇察母京段依批群項故按河米圍江織害鬥雙境客紀採舉殺攻父蘇密低朝友訴止細願千值仍男錢破網熱助倒育屬坐帝限船臉職速刻樂否剛威毛狀率甚獨球般普怕彈校苦創假久錯承印晚蘭試股拿腦預誰益陽若哪微尼繼送急血驚傷素藥適波夜省初喜衛源食險待述陸習置居勞財環排福納歡雷警獲模充負雲停木遊龍樹疑層冷洲衝射略範竟句室異激漢村哈策演簡卡罪判擔州靜退既衣您宗積餘痛檢差富靈協角佔配征修皮揮勝降階審沉堅善媽劉讀啊超免壓銀買皇養伊懷執副亂抗犯追幫宣佛歲航優怪香著田鐵控稅左右份穿藝背陣草腳概惡塊頓敢守酒島託央戶烈洋哥索胡款靠評版寶座釋景顧弟登貨互付伯慢歐換聞危忙核暗姐介壞討麗良序升監臨亮露永呼味野架域沙掉括艦魚雜誤灣吉減編楚肯測敗屋跑夢散溫困劍漸封救貴槍缺樓縣尚毫移娘朋畫班智亦耳恩短掌恐遺固席鬆秘謝魯遇康慮幸均銷鐘詩藏趕劇票損忽巨砲舊端探湖錄葉春鄉附吸予禮港雨呀板庭婦歸睛飯額含順輸搖招婚脫補謂督毒油療旅澤材滅逐莫筆亡鮮詞聖擇尋廠睡博勒煙授諾倫岸奧唐賣俄炸載洛健堂旁宮喝借君禁陰園謀宋避抓榮姑孫逃牙束跳頂玉鎮雪午練迫爺篇肉嘴館遍凡礎洞卷坦牛寧紙諸訓私莊祖絲翻暴森塔默握戲隱熟骨訪弱蒙歌店鬼軟典欲薩夥遭盤爸擴蓋弄雄穩忘億刺擁徒姆楊齊賽趨曲刀床迎冰虛玩析窗醒妻透購替塞努休虎揚途侵刑綠兄迅套貿畢唯谷輪庫跡尤競街促延震棄甲偉麻川申緩潛閃售燈針哲絡抵朱埃抱鼓植純夏忍頁傑築折鄭貝尊吳秀混臣雅振染盛怒舞圓搞狂措姓殘秋培迷誠寬宇猛擺梅毀伸摩盟末乃悲拍丁趙硬麥蔣操耶阻訂彩抽贊魔紛沿喊違妹浪匯幣豐藍殊獻桌啦瓦萊援譯奪汽燒距裁偏符勇觸課敬哭懂牆襲召罰俠廳拜巧側韓冒債曼融慣享戴童猶乘掛獎紹厚縱障訊涉徹刊丈爆烏役描洗瑪患妙鏡唱煩簽仙彼弗症仿傾牌陷鳥轟咱菜閉奮慶撤淚茶疾緣播朗杜奶季丹狗尾儀偷奔珠蟲駐孔宜艾橋淡翼恨繁寒伴嘆旦愈潮糧縮罷聚徑恰挑袋灰捕徐珍幕映裂泰隔啟尖忠累炎暫估泛荒償橫拒瑞憶孤鼻鬧羊呆厲衡胞零窮舍碼赫婆魂災洪腿膽津俗辯胸曉勁貧仁偶輯邦恢賴圈摸仰潤堆碰艇稍遲輛廢淨兇署壁御奉旋冬礦抬蛋晨伏吹雞倍糊秦盾杯租騎乏隆診奴攝喪污渡旗甘耐憑扎搶緒粗肩樑幻菲皆碎宙叔岩蕩綜爬荷悉蒂返井壯薄悄掃敏礙殖詳迪矛霍允幅撒剩凱顆罵賞液番箱貼漫酸郎腰舒眉憂浮辛戀餐嚇挺勵辭艘鍵伍峰尺昨黎輩貫偵滑券崇擾憲繞趣惜盧顏奏")

_CHAPTER = re.compile(
    r"^\s*(?:#{1,3}\s*)?("
    r"第[一二三四五六七八九十百千零〇两0-9０-９]+[章回节節卷幕集]\S*(?:[ \t　]+\S.*)?"
    r"|(?:chapter|CHAPTER|Chapter)\s+(?:[0-9]+|[IVXLCivxlc]+|[A-Za-z]+)\b.*"
    r")\s*$",
    re.MULTILINE,
)


def _plausible(ch: str) -> bool:
    """True for characters a story is made of: Latin, punctuation, CJK, fullwidth forms."""
    return (" " <= ch <= "~" or ch in "\t\n\r" or "\xa0" <= ch <= "\u024f"
            or "\u2000" <= ch <= "\u206f" or "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef")


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """Decode UTF-16 LE or BE text that has no byte-order mark, or return None."""
    best: tuple[float, str, str] | None = None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        # Binary data read as UTF-16 spreads over the whole 16-bit range (NUL pairs, private
        # use, rare scripts); real text stays in a few blocks.
        head = text[:32768]
        score = sum(map(_plausible, head)) / len(head)
        han = [ch for ch in head if "\u4e00" <= ch <= "\u9fff"]
        if han and sum(ch in _SIMPLIFIED or ch in _TRADITIONAL for ch in han) < 0.3 * len(han):
            continue
        if score >= 0.95 and (best is None or score > best[0]):
            best = (score, text, enc)
    return (best[1], best[2]) if best else None


def _is_text(text: str) -> bool:
    """True when ``text`` has (almost) no control characters other than whitespace."""
    sample = text[:65536]
    bad = sum(ch < "\t" or "\r" < ch < " " or "\x7f" <= ch < "\xa0" for ch in sample)
    return bad <= len(sample) * 0.01


def _chinese(data: bytes) -> tuple[str, str] | None:
    """Decode GB18030/GBK or Big5 text, whichever yields more common Han characters."""
    best: tuple[float, str, str] | None = None
    for enc in ("gb18030", "big5"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        common = _SIMPLIFIED if enc == "gb18030" else _TRADITIONAL
        head = text[:20000]
        han = [ch for ch in head if "\u4e00" <= ch <= "\u9fff"]
        # A Western story that happens to decode yields a few Han characters among Latin letters.
        if len(han) < 0.2 * sum(not ch.isspace() for ch in head):
            continue
        score = sum(ch in common for ch in han) / max(1, len(han))
        if best is None or score > best[0]:
            best = (score, text, enc)
    if best is None or best[0] < 0.2:
        return None
    return best[1], best[2]


def _legacy(data: bytes) -> tuple[str, str] | None:
    """Decode a legacy single-byte text (Windows-1252, Latin-1, ...) with charset-normalizer."""
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    # Several code pages often decode a story equally cleanly (é is 0xE9 in all of them) and
    # charset-normalizer then picks one arbitrarily; stories here are English, so a tie goes
    # to Windows-1252 (a superset of Latin-1's printable characters).
    tied = [m for m in matches if m.chaos <= best.chaos + 0.01]
    if any("cp1252" in m.could_be_from_charset for m in tied):
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    text = str(best)
    return (text, best.encoding) if _is_text(text) else None


def _utf8_damage(data: bytes) -> tuple[str, str] | None:
    """UTF-8 text with a few damaged bytes (a disk or copy error), decoded with U+FFFD in their
    place. None when the damage is in more places than three or one byte in ten thousand (as
    another encoding's would be), or when too few characters beyond ASCII decode well to tell
    it is UTF-8 at all. The encoding is reported as ``utf-8 (N damaged places replaced)``."""
    text = data.decode("utf-8", errors="replace")
    # one damaged byte in a character leaves a run of U+FFFD: a run is one damaged place
    bad = len(re.findall("\ufffd+", text)) - len(re.findall(
        "\ufffd+", data.decode("utf-8", errors="ignore")))
    # a Latin-1 story's é is one bad byte too: UTF-8 is proved by the characters that decode
    # well beyond ASCII, many for each damaged one
    good = sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd")
    if bad > max(3, len(data) // 10000) or good < 50 * bad:
        return None
    return text, f"utf-8 ({bad} damaged place{'s' if bad != 1 else ''} replaced)"


def decode(data: bytes, origin: str = "input") -> tuple[str, str]:
    """Decode story bytes: UTF-8 (BOM or not), UTF-16 (BOM or not), GB18030/GBK, Big5, then
    legacy single-byte encodings such as Windows-1252 and Latin-1."""
    if not data.strip():
        raise InputError(f"{origin} is empty")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    sample = data[:65536]
    binary = InputError(f"{origin} looks like a binary file, not a story (expected .txt or .md text)")
    # UTF-16 puts a NUL in the high byte of every ASCII character, so it is tried before the
    # NUL bytes can mark the file as binary.
    found = _utf16_without_bom(data) if b"\x00" in sample else None
    if found is not None:
        return found
    if b"\x00" in sample or sum(b < 9 or 13 < b < 32 for b in sample) > len(sample) * 0.01:
        raise binary
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as e:
        if e.start >= len(data) - 3 and e.reason == "unexpected end of data":
            # a file cut at a byte count (head -c, a broken download) ends inside one character:
            # the story is UTF-8 and only that half character is lost
            return data[: e.start].decode("utf-8"), "utf-8"
        damaged = _utf8_damage(data)
        if damaged is not None:
            return damaged
    found = _chinese(data) or _legacy(data)
    if found is None:
        raise InputError(f"{origin}: cannot tell the text encoding "
                         "(tried UTF-8, UTF-16, GB18030, Big5 and Western code pages)")
    return found


def unwrap(text: str) -> str:
    """Join hard-wrapped lines (Gutenberg style) within blank-line separated paragraphs."""
    paras = re.split(r"\n\s*\n", text)
    wrapped = sum(1 for p in paras if "\n" in p.strip())
    if len(paras) < 3 or wrapped < 0.3 * len(paras):
        return text
    out = []
    for p in paras:
        lines = [ln.strip() for ln in p.strip().split("\n")]
        if _CHAPTER.match(lines[0]) and len(lines) == 1:
            out.append(lines[0])
            continue
        joined = ""
        for ln in lines:
            cjk = joined and "\u3000" <= joined[-1] <= "\u9fff" and ln and "\u3000" <= ln[0] <= "\u9fff"
            joined = f"{joined}{'' if (not joined or cjk) else ' '}{ln}"
        out.append(joined)
    return "\n\n".join(out)


def split_chapters(text: str) -> list[Chapter]:
    """Split text at chapter headings (第X章, Chapter N, Markdown headings of those)."""
    text = unwrap(text.replace("\r\n", "\n").replace("\r", "\n"))
    marks = list(_CHAPTER.finditer(text))
    chapters: list[Chapter] = []
    if not marks:
        return [Chapter(id="ep01", title="", text=text.strip())]
    pre = text[: marks[0].start()].strip()
    if pre:
        chapters.append(Chapter(id="ep01", title="", text=pre))
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        body = text[m.end() : end].strip()
        if not body:
            continue
        chapters.append(Chapter(id=f"ep{len(chapters) + 1:02d}", title=m.group(1).strip(), text=body))
    return chapters


def ingest(path: str | Path, max_bytes: int = MAX_BYTES) -> Source:
    """Read ``path`` into a Source; unusable files raise ``InputError`` with one clear line."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"no such file: {path}")
    if path.is_dir():
        raise InputError(f"{path} is a directory; give a story file (.txt or .md)")
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(f"{path} is {size // 1_048_576} MiB; the limit is {max_bytes // 1_048_576} MiB")
    data = path.read_bytes()
    text, enc = decode(data, str(path))
    return source_from_text(text, path=str(path), encoding=enc, sha=hashlib.sha256(data).hexdigest())


# A byline under the title ("by A. Writer", "作者：某某", "文/某某", "某某 著").
_BYLINE = re.compile(
    r"^(?:(?:[Ww]ritten )?[Bb]y|BY)\s+[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|la|le)){0,5}$"
    r"|^(?:作者|作\s*者|文|著)\s*[：:/／]\s*\S.{0,20}$|^\S{1,12}\s*著$"
)
_SENTENCE_MARK = re.compile(r"[。！？；.!?;…]\s*\S|[.!?。！？,，;；:：、…]$")


def _bare(line: str) -> str:
    """A front-matter line without Markdown marks (#, *, _) or surrounding space."""
    return line.strip().strip("#*_ \t\u3000").strip()


def _is_title(line: str, blank_after: bool) -> bool:
    """Whether a story's first line is its title: short, no sentence punctuation, not speech."""
    s = _bare(line)
    inner = s[1:-1].strip() if s[:1] == "《" and s[-1:] == "》" else None
    if inner:
        return len(inner) <= 40
    if not s or _CHAPTER.match(s) or _BREAK_LINE.match(s) or re.search(r"[\"“”「」『』]", s):
        return False
    if _SENTENCE_MARK.search(s):
        return False
    if re.search(r"[\u3400-\u9fff]", s):
        halves = s.split()
        if len(halves) == 2 and len(halves[0]) == len(halves[1]) and 4 <= len(halves[0]) <= 12:
            return True  # 白眼横施碎花消积恨　憨态可掬授果续前欢: a chapter's couplet of a classic novel
        return len(s) <= (24 if blank_after else 14)
    words = s.split()
    if not (s[0].isupper() or s[0].isdigit()) or len(words) > 12:
        return False
    if blank_after:
        return True
    # Run straight into the text: only a title-cased line ("The Last Ferry") counts.
    major = [w for w in words if len(w) > 3]
    return sum(w[0].isupper() for w in major) >= max(1, len(major))


_BREAK_LINE = re.compile(r"^(?:[-—~=#*＊※_]\s*){3,}$")


def front_matter(text: str) -> tuple[str, str]:
    """The story's title from its first lines, and the text without that front matter.

    A Markdown heading ("# The Keeper"), a setext heading (underlined with ===), a book title
    in 《》 or a short first line without sentence punctuation followed by the text ("The Last
    Ferry") names the story. Bylines under it ("by A. Writer", "作者：某某") are dropped
    too: they are neither title nor prose. A chapter heading is left for ``split_chapters``."""
    lines = text.split("\n")
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    title = ""

    def nxt(k: int) -> int:
        while k < len(lines) and not lines[k].strip():
            k += 1
        return k

    if i < len(lines):
        first = lines[i]
        j = nxt(i + 1)
        blank_after = j > i + 1
        md = re.match(r"^\s*#\s+(.+?)\s*$", first)
        setext = i + 1 < len(lines) and re.match(r"^\s*={3,}\s*$", lines[i + 1])
        if j < len(lines) and not _CHAPTER.match(first.strip()):
            if md or setext:
                title, i = _bare(md.group(1) if md else first), (nxt(i + 2) if setext else j)
            elif _is_title(first, blank_after):
                title, i = _bare(first), j
    if title.startswith("《") and title.endswith("》"):
        title = title[1:-1].strip()
    # Bylines (at most a few lines) under the title or at the very top.
    k = i
    while k < len(lines) and k - i < 6 and (not lines[k].strip() or _BYLINE.match(_bare(lines[k]))):
        k += 1
    if any(_BYLINE.match(_bare(ln)) for ln in lines[i:k] if ln.strip()):
        i = nxt(k)
    if i == 0:
        return title, text
    return title, "\n".join(lines[i:])


def source_from_text(text: str, path: str = "", encoding: str = "utf-8", sha: str = "") -> Source:
    """Build a Source from text already in memory (e.g. an idea or a pasted chapter)."""
    if not text.strip():
        raise InputError(f"{path or 'the story'} has no text")
    from manju.text import detect_language

    sha = sha or hashlib.sha256(text.encode("utf-8")).hexdigest()
    title, text = front_matter(text)
    return Source(path=path, title=title, encoding=encoding, lang=detect_language(text), sha256=sha,
                  chapters=split_chapters(text))
