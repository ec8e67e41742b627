"""The tile engine's side of each estimator family: column preparers and tile jobs.

One module per family of ``fastmi._registry`` that the engine runs
(``tiles=True``).  Each has ``tile_group(func, tables, columns, options,
symmetric)``: it prepares the selected columns of the two tables once (data
errors surface here, before any tile runs) and returns an
``_engine.TileGroup`` of tiles sharing one job.  Optional:
``check_samples(n, options, func)``, ``min_samples(options, continuous)``
and, for binning families, ``as_discrete(table, mask, options, name, func)``.
"""
