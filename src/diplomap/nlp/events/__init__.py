"""Events: CAMEO and PLOVER codes, triggers and modality."""
