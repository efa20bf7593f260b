"""The full exercise: Word2Vec with Gensim, on the farm corpus and on text8 (real Wikipedia text).

    pip install gensim
    python3 full/word2vec_gensim.py    # downloads text8 (about 30 MB) through gensim's downloader the first time

1. Trains gensim's skip-gram with negative sampling on data/corpus.txt with the same settings as
   your numpy version, and logs corpus_neighbour_purity (share of the 30 class words whose 5
   nearest neighbours are all in their class).
2. Trains CBOW on text8 (the first 10^8 characters of an English Wikipedia dump, ~17 million
   words) and logs analogy_accuracy on the analogy questions that ship with gensim
   ("man is to king as woman is to ?"). Writes neighbours.txt. A few minutes on 4 cores.
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
    with open("data/corpus.txt") as f:
        sentences = [line.split() for line in f if line.strip()]
    # sample=0: gensim's default (1e-3) drops frequent words at random, which on a corpus this
    # small throws away most of it; your numpy version does not subsample either.
    model = Word2Vec(sentences, vector_size=16, window=2, min_count=1, sg=1, negative=5,
                     sample=0, epochs=5, seed=0, workers=1)
    cls = {word: name for name, words in CLASSES.items() for word in words}
    pure = 0
    for word in cls:
        neighbours = [w for w, _ in model.wv.most_similar(word, topn=5)]
        pure += all(cls.get(n) == cls[word] for n in neighbours)
        lines.append(f"farm   {word:8} -> {', '.join(neighbours)}")
    log_metric("corpus_neighbour_purity", pure / len(cls))
    print(f"farm corpus: {pure} of 30 words have 5 neighbours of their own class")


def text8(lines):
    corpus = api.load("text8")                         # an iterable of lists of words
    model = Word2Vec(corpus, vector_size=100, window=5, min_count=5, sg=0, negative=5,
                     epochs=5, seed=0, workers=4)
    score, _sections = model.wv.evaluate_word_analogies(datapath("questions-words.txt"))
    log_metric("analogy_accuracy", score)
    print(f"text8: analogy accuracy {score:.3f}")
    for word in ("king", "paris", "computer", "music"):
        lines.append(f"text8  {word:8} -> {', '.join(w for w, _ in model.wv.most_similar(word, topn=8))}")
    lines.append("text8  king - man + woman -> " + ", ".join(
        w for w, _ in model.wv.most_similar(positive=["king", "woman"], negative=["man"], topn=5)))


if __name__ == "__main__":
    lines = []
    farm_corpus(lines)
    text8(lines)
    with open("neighbours.txt", "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines[-5:]))
