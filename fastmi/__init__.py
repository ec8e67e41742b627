"""fastmi: fast mutual information for discrete, continuous and wide data.

``import fastmi`` is cheap: public names are looked up in their modules on
first use (PEP 562), so neither Numba nor any kernel is loaded until needed.
"""

import importlib

__version__ = "0.1.0"

# Public name -> module that defines it.
_EXPORTS = {
    "discrete": [
        "entropy",
        "joint_entropy",
        "conditional_entropy",
        "mutual_info_discrete",
        "conditional_mutual_info",
        "information_gain",
        "kl_divergence",
        "cross_entropy",
    ],
    "front": ["mutual_info"],
    "continuous": [
        "ksg_mi",
        "ksg_cmi",
        "kl_entropy",
        "mixed_mi",
    ],
    "gaussian": ["gaussian_mi", "copula_mi", "copula_mi_discrete"],
    "binning": ["binned_mi"],
    "kdtree": ["KDTree"],
    "pairwise": ["pairwise_mi", "cross_mi", "mi_with_target"],
    "clustering": [
        "normalized_mutual_info",
        "adjusted_mutual_info",
        "expected_mutual_info",
        "variation_of_information",
        "homogeneity_completeness_v_measure",
    ],
    "selection": ["select_features", "mrmr", "jmi", "cmim", "MISelector"],
    "network": [
        "infer_network",
        "relevance_network",
        "clr",
        "aracne",
        "mrnet",
        "edge_list",
        "auroc",
        "aupr",
    ],
    "significance": ["permutation_test", "g_test"],
    "_threads": ["get_num_threads", "set_num_threads"],
    "_validation": ["InvalidParameterError", "ScaleWarning"],
    "_compile": ["compile"],
    "batch": ["ksg_mi_batch", "ksg_cmi_batch", "mutual_info_batch", "copula_mi_batch"],
}
_NAME_TO_MODULE = {name: mod for mod, names in _EXPORTS.items() for name in names}
_SUBMODULES = {
    "tables",
    "reference",
    "feature_selection",
    "discrete",
    "continuous",
    "pairwise",
    "clustering",
    "datasets",
    "gaussian",
    "binning",
    "selection",
    "network",
    "significance",
    "cli",
    "dask",
    "plot",
    "batch",
}

__all__ = sorted(_NAME_TO_MODULE) + sorted(_SUBMODULES)


def __getattr__(name):
    if name in _NAME_TO_MODULE:
        module = importlib.import_module(f"fastmi.{_NAME_TO_MODULE[name]}")
        value = getattr(module, name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f"fastmi.{name}")
    else:
        raise AttributeError(f"module 'fastmi' has no attribute {name!r}")
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__():
    return __all__
