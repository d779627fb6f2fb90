"""Search over manju projects: an index of every shot and character (:mod:`.store`), hybrid
retrieval by words and meaning (:mod:`.engine`) and answer videos (:mod:`.answer`)."""
