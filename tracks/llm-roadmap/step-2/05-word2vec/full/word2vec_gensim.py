"""The full exercise: Word2Vec with Gensim, on the farm corpus and on text8 (real Wikipedia text).

    pip install gensim
    python3 full/word2vec_gensim.py    # downloads text8 (about 30 MB) through gensim's downloader the first time

1. Train gensim's skip-gram with negative sampling on data/corpus.txt with the same settings as
   your numpy version, and log corpus_neighbour_purity (share of the 30 class words whose 5
   nearest neighbours are all in their class).
2. Train CBOW on text8 (the first 10^8 characters of an English Wikipedia dump, ~17 million
   words) and log analogy_accuracy on the analogy questions that ship with gensim
   ("man is to king as woman is to ?"). Write neighbours.txt. A few minutes on 4 cores.
"""
import gensim.downloader as api
from gensim.models import Word2Vec
from gensim.test.utils import datapath

try:
    from trail_metrics import log_metric
except ImportError:  # run by hand outside Trailguide
    def log_metric(name, value, step=None):
        pass

CLASSES = {
    "people": ["farmer", "baker", "teacher", "doctor", "child", "woman"],
    "animals": ["cat", "dog", "horse", "cow", "sheep", "goat"],
    "foods": ["bread", "cheese", "apple", "soup", "rice", "cake"],
    "drinks": ["water", "milk", "tea", "coffee", "juice", "wine"],
    "places": ["kitchen", "garden", "barn", "field", "forest", "market"],
}


def farm_corpus(lines):
    # TODO: read data/corpus.txt into lists of words; Word2Vec(sentences, vector_size=16, window=2,
    #       min_count=1, sg=1, negative=5, sample=0, epochs=5, seed=0, workers=1)
    #       (sample=0 turns off the subsampling of frequent words: on a corpus this small it would drop most of it)
    # TODO: for each class word, model.wv.most_similar(word, topn=5); count the words whose 5 are all
    #       of their class; log_metric("corpus_neighbour_purity", count / 30); add lines for neighbours.txt
    raise NotImplementedError("gensim on the farm corpus")


def text8(lines):
    # TODO: corpus = api.load("text8"); Word2Vec(corpus, vector_size=100, window=5, min_count=5, sg=0,
    #       negative=5, epochs=5, seed=0, workers=4)
    # TODO: score, _ = model.wv.evaluate_word_analogies(datapath("questions-words.txt"));
    #       log_metric("analogy_accuracy", score); add a few neighbour lines (try king - man + woman)
    raise NotImplementedError("gensim on text8")


if __name__ == "__main__":
    lines = []
    farm_corpus(lines)
    text8(lines)
    with open("neighbours.txt", "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines[-5:]))
