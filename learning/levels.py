"""The three levels of the partnership's learning and development framework (seed Figure 2).
The hub's package pages (cms) and the training sessions and completions here share this one list."""

from django.db import models


class Level(models.IntegerChoices):
    E_LEARNING = 1, "Level 1: e-learning"
    WRAP = 2, "Level 2: WRAP face-to-face workshop"
    TRAIN_THE_TRAINER = 3, "Level 3: train the trainer"


SHORT_NAMES = {1: "Level 1", 2: "Level 2", 3: "Level 3"}
