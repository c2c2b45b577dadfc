from setuptools import Extension, setup

setup(ext_modules=[Extension("phigate.masking._words", ["server/masking/_words.c"], optional=True)])
