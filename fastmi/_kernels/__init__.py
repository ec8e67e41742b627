"""All Numba code.  Kernels do arithmetic only and trust their inputs: the
public modules validate, plan the work and wrap results."""
