"""Gene-regulatory-network inference from a mutual-information matrix.

Every algorithm takes a symmetric MI matrix M (p x p) as
:func:`fastmi.pairwise_mi` returns it (negative estimates count as 0, the
diagonal is ignored, float32 stays float32) and returns a matrix of edge
scores S[r, t] for regulator r -> target t (a DataFrame with the same labels
when M is one).  With ``tfs=`` (or a :class:`TFBlock` of the regulators' rows
only) the rows are the regulators (n_tfs, p); else S is (p, p) with a zero
diagonal:

* :func:`relevance_network`: M itself, optionally thresholded (Butte & Kohane 2000);
* :func:`clr`: context likelihood of relatedness (Faith et al. 2007);
* :func:`aracne`: data-processing-inequality pruning (Margolin et al. 2006);
* :func:`mrnet`: mRMR selection around each gene (Meyer et al. 2007).

:func:`mi_threshold` gives an MI significance threshold from a permutation
null and :func:`aracne_bootstrap` the consensus of bootstrap ARACNE networks
(Lachmann et al. 2016, ARACNe-AP).

:func:`infer_network` computes M from data first; :func:`edge_list` ranks
the edges; :func:`auroc` and :func:`aupr` score a network against a gold
standard.

References
----------
Butte, A. J. and Kohane, I. S. (2000). Mutual information relevance
networks. Pac. Symp. Biocomput. 5, 418-429.

Faith, J. J. et al. (2007). Large-scale mapping and validation of
Escherichia coli transcriptional regulation from a compendium of expression
profiles. PLoS Biol. 5(1), e8. https://doi.org/10.1371/journal.pbio.0050008

Margolin, A. A. et al. (2006). ARACNE: an algorithm for the reconstruction
of gene regulatory networks in a mammalian cellular context. BMC
Bioinformatics 7(Suppl 1), S7. https://doi.org/10.1186/1471-2105-7-S1-S7

Lachmann, A., Giorgi, F. M., Lopez, G. and Califano, A. (2016). ARACNe-AP:
gene network reverse engineering through adaptive partitioning inference of
mutual information. Bioinformatics 32(14), 2233-2235.
https://doi.org/10.1093/bioinformatics/btw216

Meyer, P. E., Kontos, K., Lafitte, F. and Bontempi, G. (2007).
Information-theoretic inference of large transcriptional regulatory
networks. EURASIP J. Bioinform. Syst. Biol. 2007, 79879.
https://doi.org/10.1155/2007/79879
"""

from fastmi.network._algorithms import infer_network
from fastmi.network._aracne import aracne
from fastmi.network._bootstrap import Consensus, aracne_bootstrap
from fastmi.network._clr import clr
from fastmi.network._combine import combine_rankings, ensemble
from fastmi.network._common import TFBlock
from fastmi.network._edges import edge_list, read_edge_list, write_edge_list
from fastmi.network._io import read_expression, read_gold_standard, read_tfs
from fastmi.network._mrnet import mrnet, mrnetb
from fastmi.network._null import mi_threshold
from fastmi.network._relevance import relevance_network
from fastmi.network._scoring import (
    NetworkScore,
    ScoreCurves,
    aupr,
    auroc,
    precision_at_k,
    score_curves,
    score_network,
)
from fastmi.network._simulate import simulate_expression

__all__ = [
    "relevance_network",
    "clr",
    "aracne",
    "mrnet",
    "mrnetb",
    "combine_rankings",
    "ensemble",
    "infer_network",
    "TFBlock",
    "mi_threshold",
    "aracne_bootstrap",
    "Consensus",
    "edge_list",
    "auroc",
    "aupr",
    "simulate_expression",
    # the workflow: DREAM edge lists, scoring, readers
    "write_edge_list",
    "read_edge_list",
    "precision_at_k",
    "score_network",
    "NetworkScore",
    "score_curves",
    "ScoreCurves",
    "read_expression",
    "read_tfs",
    "read_gold_standard",
]
