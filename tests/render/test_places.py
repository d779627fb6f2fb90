"""Chinese place finding cuts only the runs of Chinese that can hold a place, and reads the
same places as a cut of the whole scene would."""

import re

import pytest

from manju.render import places

SCENES = [
    "傍晚，老王走进茶馆里，在靠窗的桌子边坐下。跑堂的提着铜壶过来倒茶。",
    "他们把他带进了审讯室。审讯室里只有一张桌子，一盏灯。",
    "柳如眉回到柳家，在何家门口站了一会儿，才进屋子里去。",
    "天黑了。江面上起了风，船在港外停着，舱里的人都睡了。",
    "李长春宫里当差多年，从不多说一句话。他在养心殿内伺候。",
]


@pytest.mark.parametrize("text", SCENES)
def test_runs_cut_alone_read_the_places_of_the_whole_scene(text, monkeypatch):
    found = places._zh_places(text)
    monkeypatch.setattr(places, "_place_run", lambda: re.compile("."))  # every run cut
    assert places._zh_places(text) == found


def test_the_place_a_scene_is_played_in():
    assert places.find_place(SCENES[0], "zh").name == "茶馆"
    assert places.find_place(SCENES[1], "zh").name == "审讯室"
