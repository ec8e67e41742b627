"""Pictures of mutual information (extra ``plot``: matplotlib).

Five figures, each drawn on the matplotlib ``Axes`` given as ``ax=`` (or on
a new figure) and returning that ``Axes``:

* :func:`mi_heatmap`: an MI matrix, optionally in the order of a
  hierarchical clustering of the features (:func:`cluster_order`);
* :func:`top_pairs_bar`: the strongest pairs of an MI matrix;
* :func:`null_histogram`: a permutation null with the observed value;
* :func:`network_curve`: the precision-recall or ROC curve of a network
  against a gold standard (:func:`fastmi.network.score_curves`);
* :func:`network_graph`: a drawing of a network's strongest edges.

:func:`pairwise_summary` and :func:`network_summary` put them together on
one figure (what ``fastmi pairwise --plot`` and ``fastmi network --plot``
save).

matplotlib is imported when a function is called (``import fastmi.plot``
alone does not import it); networkx only for ``layout="spring"``.  Values
are drawn in the unit they are given in (``unit=`` only labels the axis;
fastmi's default unit is nats).

Large matrices: the heatmap is one image (no artist per cell) and a matrix
larger than ``max_pixels`` on a side is shown by block maxima, so that a
strong pair stays visible; a 1,000 x 1,000 matrix draws in well under a
second.
"""

import numpy as np

from fastmi import _docs
from fastmi import _validation as v

__all__ = [
    "cluster_order",
    "mi_heatmap",
    "top_pairs_bar",
    "null_histogram",
    "network_curve",
    "network_graph",
    "pairwise_summary",
    "network_summary",
]

LAYOUTS = ("auto", "circular", "spring")
CURVES = ("pr", "roc")


def _pyplot(func):
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        raise ImportError(v.missing_extra_message(func, "plot")) from None
    return plt


def _figure(func, n_panels):
    """A matplotlib Figure with ``n_panels`` side by side (no pyplot state)."""
    _pyplot(func)  # the clear error when matplotlib is missing
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.0 * n_panels, 5.5), layout="constrained")
    return fig, fig.subplots(1, n_panels, squeeze=False)[0]


def _axes(ax, func):
    if ax is None:
        _, ax = _pyplot(func).subplots()
    return ax


def _matrix(M, names, func, *, square):
    """(values as a float array, row names, column names) of an MI matrix."""
    rows = cols = None
    if v.pandas_type(M, "DataFrame"):
        rows, cols = list(M.index), list(M.columns)
    values = v.plot_matrix(M, func, square=square)
    if names is not None:
        if values.shape[0] != values.shape[1]:
            raise v.plot_names_error(func)
        rows = cols = v.check_names(names, values.shape[1], func)
    return values, rows, cols


def cluster_order(M, *, method="average"):
    """Order of the features of a symmetric MI matrix by hierarchical clustering.

    Features are clustered with ``scipy.cluster.hierarchy.linkage`` on the
    distance ``d(i, j) = max(M) - M[i, j]`` (off the diagonal; pairs left
    NaN count as the largest distance), so features that share much
    information end up next to each other; the order is that of the leaves
    of the dendrogram (``scipy.cluster.hierarchy.leaves_list``).

    Parameters
    ----------
    M : array-like or DataFrame of shape (p, p)
        A symmetric MI matrix, as :func:`fastmi.pairwise_mi` returns it (any
        unit; a NaN diagonal is ignored).
    method : {"average", "single", "complete", "weighted"}, default="average"
        The linkage rule.

    Returns
    -------
    ndarray of shape (p,), int
        A permutation of ``range(p)``.

    Examples
    --------
    >>> import numpy as np
    >>> from fastmi.plot import cluster_order
    >>> M = np.array([[0, .1, .9, .1], [.1, 0, .1, .8], [.9, .1, 0, .1], [.1, .8, .1, 0]])
    >>> cluster_order(M).tolist()  # 0 with 2, 1 with 3
    [0, 2, 1, 3]
    """
    from scipy.cluster import hierarchy

    func = "cluster_order"
    method = v.check_options(method, "method", func, ("average", "single", "complete", "weighted"))
    values = v.plot_matrix(M, func, square=True)
    p = values.shape[0]
    if p < 3:
        return np.arange(p)
    off = ~np.eye(p, dtype=bool)
    sym = np.maximum(values, values.T)  # NaN only where both are NaN
    finite = off & ~np.isnan(sym)
    top = sym[finite].max() if finite.any() else 0.0
    dist = np.where(finite, top - np.where(finite, sym, 0.0), top)
    np.fill_diagonal(dist, 0.0)
    return hierarchy.leaves_list(
        hierarchy.linkage(dist[np.triu_indices(p, k=1)], method=method)
    ).astype(np.intp)


def _block_max(values, max_pixels):
    """``values`` reduced to at most ``max_pixels`` per side by block maxima."""
    out = values
    for axis in (0, 1):
        n = out.shape[axis]
        if n <= max_pixels:
            continue
        edges = np.linspace(0, n, max_pixels + 1).astype(np.intp)
        filled = np.where(np.isnan(out), -np.inf, out)
        reduced = np.maximum.reduceat(filled, edges[:-1], axis=axis)
        out = np.where(np.isneginf(reduced), np.nan, reduced)
    return out


@_docs.fill
def mi_heatmap(
    M,
    *,
    names=None,
    cluster=False,
    ax=None,
    cmap="viridis",
    unit="nats",
    max_labels=40,
    max_pixels=1000,
    colorbar=True,
    diagonal=False,
):
    """Heatmap of an MI matrix, optionally with the features clustered.

    Parameters
    ----------
    M : array-like or DataFrame of shape (p, q)
        MI values (any unit), e.g. from :func:`fastmi.pairwise_mi` (square)
        or :func:`fastmi.cross_mi`.  NaN cells (the diagonal of
        ``pairwise_mi``, pairs without enough samples) are left blank;
        infinite values are an error.
    names : sequence of p names, optional
        Feature names of a square matrix (default: a DataFrame's labels,
        else none).
    cluster : bool, default=False
        Reorder the rows and columns of a square matrix by
        :func:`cluster_order`, so that blocks of related features show.
    %(ax)s
    cmap : str or Colormap, default="viridis"
        The matplotlib colour map.
    unit : str, default="nats"
        Label of the colour bar (the values are drawn as given).
    max_labels : int, default=40
        Tick labels are drawn when a side has at most this many features.
    max_pixels : int, default=1000
        A side longer than this is reduced to ``max_pixels`` cells by block
        maxima (so a strong pair stays visible); the drawing is one image,
        fast at any size.
    colorbar : bool, default=True
        Draw a colour bar labelled with ``unit``.
    diagonal : bool, default=False
        Draw the diagonal of a square matrix (the entropies, or NaN, that
        :func:`fastmi.pairwise_mi` puts there; they would set the colour
        scale).  False leaves it blank.

    Returns
    -------
    matplotlib.axes.Axes
        The axes; its image (``ax.images[0]``) holds the drawn values.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> import fastmi as fm
    >>> from fastmi.plot import mi_heatmap
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(200, 5))
    >>> X[:, 3] = X[:, 0] + 0.3 * rng.normal(size=200)
    >>> ax = mi_heatmap(fm.pairwise_mi(X, method="copula"), names="abcde", cluster=True)
    >>> ax.images[0].get_array().shape
    (5, 5)
    >>> labels = [t.get_text() for t in ax.get_xticklabels()]
    >>> abs(labels.index("a") - labels.index("d"))  # the dependent pair side by side
    1
    """
    func = "mi_heatmap"
    values, rows, cols = _matrix(M, names, func, square=False)
    v.check_bool(cluster, "cluster", func)
    v.check_bool(colorbar, "colorbar", func)
    if not v.check_bool(diagonal, "diagonal", func) and values.shape[0] == values.shape[1]:
        values = values.copy()
        np.fill_diagonal(values, np.nan)
    max_labels = v.check_int(max_labels, "max_labels", func, low=0)
    max_pixels = v.check_int(max_pixels, "max_pixels", func, low=1)
    if cluster:
        if values.shape[0] != values.shape[1]:
            raise v.plot_square_error(values.shape, "cluster=True", func)
        order = cluster_order(values)
        values = values[np.ix_(order, order)]
        rows = cols = None if rows is None else [rows[i] for i in order]
    ax = _axes(ax, func)
    shown = _block_max(values, max_pixels)
    image = ax.imshow(
        np.ma.masked_invalid(shown),
        cmap=cmap,
        interpolation="nearest",
        aspect="equal" if shown.shape[0] == shown.shape[1] else "auto",
        extent=(-0.5, values.shape[1] - 0.5, values.shape[0] - 0.5, -0.5),
    )
    for labels, axis, set_ticks in (
        (cols, ax.xaxis, ax.set_xticks),
        (rows, ax.yaxis, ax.set_yticks),
    ):
        if labels is not None and len(labels) <= max_labels:
            set_ticks(np.arange(len(labels)), [str(n) for n in labels])
        elif labels is not None:
            axis.set_ticks([])
    ax.tick_params(axis="x", labelrotation=90)
    ax.set_xlabel("feature")
    ax.set_ylabel("feature")
    ax.set_title("mutual information" + (" (clustered)" if cluster else ""))
    if colorbar:
        ax.figure.colorbar(image, ax=ax, label=f"MI ({unit})")
    return ax


@_docs.fill
def top_pairs_bar(M, *, names=None, top=20, ax=None, unit="nats"):
    """Bar chart of the ``top`` strongest pairs of a symmetric MI matrix.

    The pairs are those of :func:`fastmi.pairwise.top_pairs` (upper
    triangle, NaN skipped), strongest at the top.

    Parameters
    ----------
    M : array-like or DataFrame of shape (p, p)
        A symmetric MI matrix, e.g. from :func:`fastmi.pairwise_mi`.
    names : sequence of p names, optional
        Feature names (default: a DataFrame's columns, else the indexes).
    top : int >= 1, default=20
        How many pairs (fewer when the matrix has fewer).
    %(ax_unit)s

    Returns
    -------
    matplotlib.axes.Axes
        One bar (``ax.patches``) per pair, labelled ``"a - b"``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from fastmi.plot import top_pairs_bar
    >>> M = np.array([[np.nan, 0.2, 0.5], [0.2, np.nan, 0.1], [0.5, 0.1, np.nan]])
    >>> ax = top_pairs_bar(M, names=["x", "y", "z"], top=2)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['x - z', 'x - y']
    """
    from fastmi.pairwise import top_pairs

    func = "top_pairs_bar"
    values, _, cols = _matrix(M, names, func, square=True)
    top = v.check_int(top, "top", func, low=1)
    rows, columns, scores = top_pairs(values, top)
    labels = list(range(values.shape[1])) if cols is None else cols
    ax = _axes(ax, func)
    position = np.arange(len(scores))
    ax.barh(position, scores, color="tab:blue")
    ax.set_yticks(
        position, [f"{labels[i]} - {labels[j]}" for i, j in zip(rows, columns, strict=True)]
    )
    ax.invert_yaxis()  # strongest on top
    ax.set_xlabel(f"MI ({unit})")
    ax.set_ylabel("pair")
    ax.set_title(f"top {len(scores)} pairs")
    return ax


@_docs.fill
def null_histogram(null, observed=None, *, pvalue=None, bins=30, ax=None, unit="nats"):
    """Histogram of a permutation null distribution with the observed value.

    Parameters
    ----------
    null : array-like of floats, or a permutation-test result
        The MI of each permutation; or the result of
        :func:`fastmi.permutation_test` (its ``null_distribution``, and its
        ``statistic`` and ``pvalue`` unless given).
    observed : float, optional
        The observed MI, drawn as a vertical line.
    pvalue : float, optional
        Shown in the legend.
    bins : int >= 1, default=30
        Number of histogram bins.
    %(ax_unit)s

    Returns
    -------
    matplotlib.axes.Axes
        The bars (``ax.patches``) count the permutations; the observed value
        is ``ax.lines[0]``.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> import fastmi as fm
    >>> from fastmi.plot import null_histogram
    >>> rng = np.random.default_rng(0)
    >>> x = rng.integers(0, 3, 300)
    >>> y = (x + rng.integers(0, 2, 300)) % 3
    >>> result = fm.permutation_test(x, y, n_permutations=200, random_state=0)
    >>> ax = null_histogram(result, bins=20)
    >>> len(ax.patches), ax.lines[0].get_xdata()[0] == result.statistic
    (20, True)
    """
    func = "null_histogram"
    if hasattr(null, "null_distribution"):
        observed = getattr(null, "statistic", None) if observed is None else observed
        pvalue = getattr(null, "pvalue", None) if pvalue is None else pvalue
        null = null.null_distribution
    values = v.plot_null(null, func)
    bins = v.check_int(bins, "bins", func, low=1)
    if observed is not None:
        observed = v.check_real(observed, "observed", func)
    if pvalue is not None:
        pvalue = v.check_real(pvalue, "pvalue", func, low=0.0, high=1.0)
    ax = _axes(ax, func)
    ax.hist(values, bins=bins, color="0.6", label=f"null ({values.shape[0]} permutations)")
    if observed is not None:
        label = f"observed {observed:.4g}" + ("" if pvalue is None else f" (p = {pvalue:.3g})")
        ax.axvline(observed, color="tab:red", linewidth=2, label=label)
    ax.set_xlabel(f"MI ({unit})")
    ax.set_ylabel("permutations")
    ax.set_title("permutation null")
    ax.legend()
    return ax


@_docs.fill
def network_curve(
    scores, truth, *, curve="pr", tfs=None, names=None, directed=True, label=None, ax=None
):
    """Precision-recall or ROC curve of a network against a gold standard.

    The points are those of :func:`fastmi.network.score_curves` (the DREAM
    convention: ordered pairs, one point per distinct score), so the area
    under the drawn curve is :func:`fastmi.network.aupr` (a step curve) or
    :func:`fastmi.network.auroc` (straight segments).  A dashed line shows a
    random ranking.  Call again with the same ``ax`` to compare networks.

    Parameters
    ----------
    scores, truth, tfs, names, directed
        As :func:`fastmi.network.score_curves`.
    curve : {"pr", "roc"}, default="pr"
        Precision against recall, or true- against false-positive rate.
    label : str, optional
        Legend entry (default ``"network"``); the area is appended.
    %(ax)s

    Returns
    -------
    matplotlib.axes.Axes
        The curve is the last line drawn before the baseline.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from fastmi.plot import network_curve
    >>> S = np.array([[0.0, 0.8, 0.1], [0.8, 0.0, 0.6], [0.1, 0.6, 0.0]])
    >>> ax = network_curve(S, [[0, 1, 1], [1, 0, 0], [1, 0, 0]], label="toy")
    >>> ax.get_legend().get_texts()[0].get_text()
    'toy (AUPR 0.833)'
    """
    from fastmi.network import score_curves

    func = "network_curve"
    curve = v.check_options(curve, "curve", func, CURVES)
    result = score_curves(scores, truth, tfs=tfs, names=names, directed=directed)
    name = "network" if label is None else str(label)
    ax = _axes(ax, func)
    if curve == "pr":
        recall = np.r_[0.0, result.recall]
        precision = np.r_[result.precision[0], result.precision]
        ax.plot(recall, precision, drawstyle="steps-pre", label=f"{name} (AUPR {result.aupr:.3f})")
        ax.axhline(result.positive_fraction, color="0.5", linestyle="--", label="random")
        ax.set_xlabel("recall")
        ax.set_ylabel("precision")
        ax.set_title("precision-recall")
    else:
        ax.plot(result.fpr, result.tpr, label=f"{name} (AUROC {result.auroc:.3f})")
        ax.plot([0, 1], [0, 1], color="0.5", linestyle="--", label="random")
        ax.set_xlabel("false positive rate")
        ax.set_ylabel("true positive rate")
        ax.set_title("ROC")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.legend()
    return ax


def _circular(nodes):
    angle = 2 * np.pi * np.arange(len(nodes)) / max(len(nodes), 1)
    return {n: (float(np.cos(a)), float(np.sin(a))) for n, a in zip(nodes, angle, strict=True)}


def _spring(nodes, edges, func):
    try:
        import networkx as nx
    except ImportError:
        raise ImportError(v.missing_networkx_message(func)) from None
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_weighted_edges_from(edges)
    # Spread 3x wider than networkx's default: small components stay apart.
    placed = nx.spring_layout(graph, k=3.0 / np.sqrt(max(len(nodes), 1)), seed=0)
    return {n: (float(placed[n][0]), float(placed[n][1])) for n in nodes}


@_docs.fill
def network_graph(
    scores,
    *,
    names=None,
    top=20,
    tfs=None,
    directed=None,
    layout="auto",
    ax=None,
    max_labels=60,
):
    """Drawing of the ``top`` strongest edges of a network.

    The edges are those of :func:`fastmi.network.edge_list`; only the genes
    they touch are drawn, line widths grow with the score, and directed
    edges get arrow heads.

    Parameters
    ----------
    scores : array-like or DataFrame of shape (p, p), or (n_tfs, p) with ``tfs``
        Edge scores ``scores[r, t]`` for r -> t, as the
        :mod:`fastmi.network` algorithms (or :func:`fastmi.pairwise_mi`)
        return them.
    names : sequence of p names, optional
        Gene names (default: a DataFrame's columns, else the indexes).
    top : int >= 1, default=20
        How many edges to draw (strongest first).
    tfs : sequence of names or column indexes, optional
        The regulator of each row of an (n_tfs, p) matrix.
    directed : bool or None, default=None
        None: directed unless ``scores`` is a symmetric square matrix.
    layout : {"auto", "circular", "spring"}, default="auto"
        "spring" uses ``networkx.spring_layout`` (seeded, needs networkx);
        "auto" is "spring" when networkx is installed, else "circular".
    %(ax)s
    max_labels : int, default=60
        Gene names are written when at most this many genes are drawn.

    Returns
    -------
    matplotlib.axes.Axes
        One patch per edge (``gid="fastmi-edge"``) and one point per gene
        (``ax.collections[0]``).

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("Agg")
    >>> import numpy as np
    >>> from fastmi.plot import network_graph
    >>> S = np.array([[0.0, 0.8, 0.0], [0.8, 0.0, 0.6], [0.0, 0.6, 0.0]])
    >>> ax = network_graph(S, names=["a", "b", "c"], layout="circular")
    >>> sum(p.get_gid() == "fastmi-edge" for p in ax.patches)
    2
    """
    from fastmi.network import edge_list

    func = "network_graph"
    top = v.check_int(top, "top", func, low=1)
    layout = v.check_options(layout, "layout", func, LAYOUTS)
    max_labels = v.check_int(max_labels, "max_labels", func, low=0)
    if directed is None:
        square = v.plot_matrix(scores, func, square=False)
        directed = tfs is not None or not (
            square.shape[0] == square.shape[1] and np.array_equal(square, square.T, equal_nan=True)
        )
    edges = edge_list(
        scores, names=names, top=top, tfs=tfs, directed=v.check_bool(directed, "directed", func)
    )
    nodes = list(dict.fromkeys(g for a, b, _ in edges for g in (a, b)))
    if layout == "auto":
        try:
            import networkx  # noqa: F401

            layout = "spring"
        except ImportError:
            layout = "circular"
    position = _spring(nodes, edges, func) if layout == "spring" else _circular(nodes)
    ax = _axes(ax, func)  # imports matplotlib, or says which extra is missing
    from matplotlib.patches import FancyArrowPatch

    strongest = max((w for _, _, w in edges), default=1.0)
    for a, b, w in edges:
        ax.add_patch(
            FancyArrowPatch(
                position[a],
                position[b],
                arrowstyle="-|>" if directed else "-",
                mutation_scale=12,
                linewidth=0.5 + 3.0 * w / strongest,
                color="tab:blue",
                alpha=0.7,
                shrinkA=6,
                shrinkB=6,
                gid="fastmi-edge",
            )
        )
    xy = np.array([position[n] for n in nodes]).reshape(-1, 2)
    ax.scatter(xy[:, 0], xy[:, 1], s=60, color="tab:orange", zorder=3)
    if len(nodes) <= max_labels:
        for n, (x, y) in zip(nodes, xy, strict=True):
            ax.annotate(str(n), (x, y), textcoords="offset points", xytext=(0, 6), ha="center")
    ax.set_title(f"top {len(edges)} {'directed ' if directed else ''}edges, {len(nodes)} genes")
    ax.set_aspect("equal")
    ax.margins(0.15)
    ax.set_axis_off()
    return ax


#: pairwise_summary clusters matrices up to this size (linkage is O(p^2)).
MAX_CLUSTERED = 2000


def pairwise_summary(M, *, names=None, top=20, unit="nats"):
    """One figure: the MI heatmap (clustered up to 2,000 features) and the top pairs.

    Parameters
    ----------
    M : array-like or DataFrame of shape (p, p)
        A symmetric MI matrix, e.g. from :func:`fastmi.pairwise_mi`.
    names : sequence of p names, optional
        Feature names (default: a DataFrame's columns, else the indexes).
    top : int >= 1, default=20
        How many pairs the bar chart shows.
    unit : str, default="nats"
        Label of the MI axes.

    Returns
    -------
    matplotlib.figure.Figure
        Two axes: :func:`mi_heatmap` and :func:`top_pairs_bar`.  Not
        registered with pyplot: save it with ``fig.savefig(path)``.

    Examples
    --------
    >>> import numpy as np
    >>> from fastmi.plot import pairwise_summary
    >>> M = np.array([[np.nan, 0.2, 0.5], [0.2, np.nan, 0.1], [0.5, 0.1, np.nan]])
    >>> [ax.get_title() for ax in pairwise_summary(M, top=2).axes[:2]]
    ['mutual information (clustered)', 'top 2 pairs']
    """
    func = "pairwise_summary"
    values, _, cols = _matrix(M, names, func, square=True)
    fig, (left, right) = _figure(func, 2)
    cluster = values.shape[0] <= MAX_CLUSTERED
    mi_heatmap(values, names=cols, cluster=cluster, ax=left, unit=unit)
    top_pairs_bar(values, names=cols, top=top, ax=right, unit=unit)
    return fig


def network_summary(scores, truth=None, *, names=None, top=20, tfs=None, layout="auto"):
    """One figure: the strongest edges, and the PR and ROC curves against ``truth``.

    Parameters
    ----------
    scores : array-like or DataFrame
        Edge scores, as :func:`network_graph`.
    truth : gold standard, optional
        As :func:`fastmi.network.score_curves`; without it only the graph
        is drawn.
    names, top, tfs, layout
        As :func:`network_graph`.

    Returns
    -------
    matplotlib.figure.Figure
        One axes (:func:`network_graph`), or three with the precision-recall
        and ROC curves (:func:`network_curve`, ordered pairs).  Not
        registered with pyplot.

    Examples
    --------
    >>> import numpy as np
    >>> from fastmi.plot import network_summary
    >>> S = np.array([[0.0, 0.8, 0.1], [0.8, 0.0, 0.6], [0.1, 0.6, 0.0]])
    >>> fig = network_summary(S, [[0, 1, 0], [1, 0, 0], [0, 0, 0]], layout="circular")
    >>> [ax.get_title() for ax in fig.axes]
    ['top 3 edges, 3 genes', 'precision-recall', 'ROC']
    """
    func = "network_summary"
    fig, axes = _figure(func, 1 if truth is None else 3)
    network_graph(scores, names=names, top=top, tfs=tfs, layout=layout, ax=axes[0])
    if truth is not None:
        for ax, curve in zip(axes[1:], CURVES, strict=True):
            network_curve(scores, truth, curve=curve, tfs=tfs, names=names, ax=ax)
    return fig
