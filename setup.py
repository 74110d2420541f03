"""Packaging beyond what pyproject.toml can say: the policy library ships inside the package.

`policies/` stays at the top of the repository (rules, their tests, frameworks), and is mapped to
the package `scanner.policies` so that a wheel carries it next to the compiled policy module
(scanner/evaluate/compiled/): a plain `pip install` scans with the shipped policies.
"""

from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["scanner", "scanner.*"]) + ["scanner.policies"],
    package_dir={"scanner.policies": "policies"},  # its files: [tool.setuptools.package-data] in pyproject.toml
)
