"""The offline soundtrack: voices, lip-sync, music, loudness and the final mix.

Modules (import the one you need; nothing is imported or run here):

- :mod:`manju.audio.voices` -- :class:`VoiceSpec`, ``assign_voices``, ``emotion_adjust``
- :mod:`manju.audio.tts` -- ``synthesize`` with espeak-ng, ``TTSError``
- :mod:`manju.audio.lipsync` -- ``mouth_track`` (mouth shape per video frame)
- :mod:`manju.audio.music` -- ``score`` (generated music per mood)
- :mod:`manju.audio.loudness` -- BS.1770 ``integrated_lufs`` and ``true_peak_dbtp``
- :mod:`manju.audio.mix` -- ``Clip``, ``mix`` (ducking, loudness, limiter), ``write_wav``
- :mod:`manju.audio.analysis` -- pitch / spectral centroid measurements
"""
