"""Synthetic clinical demo data: the generator and loaders live in `phigate.demo.data`."""
