"""fastmi's asv benchmarks: one ``bench_<area>.py`` file per area, data from ``common``."""
