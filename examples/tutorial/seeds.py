"""One run's seed, split into independent streams, one for each purpose.

A run of an experiment page has one seed, and several things in it draw
random numbers: the initializers, each dropout layer, each augmentation
layer, the order of the training data. Giving them all the run's seed (or
the seed plus a small offset) makes their streams collide: Keras's
`SeedGenerator(s)` replays the same numbers for the same integer `s`, so two
layers given one seed draw the same masks, and seed `s + 1` of one layer is
seed `s` of the next. `numpy.random.SeedSequence` derives one independent
seed for each (run seed, purpose, index), which is its documented use.

Variants of a comparison still share every stream they have in common: the
first dropout layer of any variant trained from seed 3 draws from the same
stream, whatever else the variant adds.
"""

from dataclasses import dataclass

import numpy as np

# The purposes, named once; their order is part of every stream's identity.
PURPOSES = ("initializers", "data order", "dropout", "augmentation")


@dataclass(frozen=True)
class Streams:
    """The seeds one run gives each purpose: `Streams(3).dropout(0)`, ..."""

    seed: int

    @property
    def initializers(self):
        """For `keras.random.SeedGenerator`, shared by every initializer."""
        return self.draw("initializers")

    @property
    def data_order(self):
        """For `keras.utils.set_random_seed` right before `fit`."""
        return self.draw("data order")

    def dropout(self, n):
        """For the model's n-th dropout layer (counting from 0)."""
        return self.draw("dropout", n)

    def augmentation(self, n):
        """For the model's n-th augmentation layer (counting from 0)."""
        return self.draw("augmentation", n)

    def draw(self, purpose, n=0):
        """A 31-bit seed for (this run, purpose, n), independent of all others."""
        key = (PURPOSES.index(purpose), n)
        sequence = np.random.SeedSequence(self.seed, spawn_key=key)
        return int(sequence.generate_state(1)[0] >> 1)
