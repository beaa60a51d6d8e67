"""The wheel carries the report notebooks as package data (`claimbook/notebooks/`), so that
`claimbook init` of a non-editable install lays them out; in the source tree they stay in
`notebooks/`, the project's own workbook (see `claimbook.workbook_dir.shipped_notebooks`)."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

NOTEBOOKS = Path(__file__).parent / "notebooks"


class BuildWithNotebooks(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install finds them in the source tree
            return
        target = Path(self.build_lib) / "claimbook" / "notebooks"
        target.mkdir(parents=True, exist_ok=True)
        for notebook in sorted(NOTEBOOKS.glob("*.ipynb")):
            shutil.copyfile(notebook, target / notebook.name)


setup(cmdclass={"build_py": BuildWithNotebooks})
