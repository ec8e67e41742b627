"""The README's Python examples run as written."""

import pathlib
import re

README = pathlib.Path(__file__).resolve().parents[1] / "README.md"


def test_readme_python_blocks_run():
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)
    assert blocks, "the README has no Python example"
    for block in blocks:
        exec(compile(block, str(README), "exec"), {})


def test_ci_runs_the_readme_test_command():
    # CI must prove the command users are told to run, not a variant of it.
    commands = re.findall(r"```bash\n(.*?)```", README.read_text(), flags=re.S)
    test_command = [c.strip() for c in commands if "pytest" in c]
    assert len(test_command) == 1, commands
    ci_script = (README.parent / ".ci" / "run").read_text()
    assert test_command[0] in ci_script.splitlines()
    assert "-m venv" in ci_script  # in a fresh environment
