"""The capstone is documented: DESIGN.md has the five sections, each with real content."""
import re
import unittest

SECTIONS = ["Problem", "Design", "Implementation", "Evaluation", "Limitations"]
MIN_SECTION_WORDS, MIN_TOTAL_WORDS = 40, 400


def words(text):
    return re.findall(r"[A-Za-z0-9]+", text)


class DesignDocTest(unittest.TestCase):
    def test_design_doc(self):
        with open("DESIGN.md", encoding="utf-8") as f:
            text = re.sub(r"<!--.*?-->", "", f.read(), flags=re.S)  # the template's comments do not count
        parts = re.split(r"^##\s+(.+?)\s*$", text, flags=re.M)
        found = {parts[i].strip(): parts[i + 1] for i in range(1, len(parts) - 1, 2)}
        for name in SECTIONS:
            self.assertIn(name, found, f"DESIGN.md needs a section '## {name}'")
            n = len(words(found[name]))
            self.assertGreaterEqual(n, MIN_SECTION_WORDS, f"section '{name}' has {n} words; write at least {MIN_SECTION_WORDS}")
        total = sum(len(words(found[name])) for name in SECTIONS)
        self.assertGreaterEqual(total, MIN_TOTAL_WORDS, f"the five sections have {total} words; write at least {MIN_TOTAL_WORDS}")
        self.assertRegex(found["Evaluation"], r"\d+\s*(%|percent|of\s+\d+)",
                         "the Evaluation section states your measured result (e.g. '23 of 24 cases', '96%')")


if __name__ == "__main__":
    unittest.main()
