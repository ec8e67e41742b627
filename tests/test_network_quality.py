"""Network quality: CLR, MRNET(B), relevance, rank combination, directed scores, the simulator."""

import numpy as np
import pytest
from scipy.sparse.csgraph import connected_components

from fastmi.network import simulate_expression


# ------------------------------------------------------------------ simulator
def test_simulator_shape_names_and_determinism():
    X, gold = simulate_expression(30, 40, random_state=5)
    assert X.shape == (40, 30) and gold.shape == (30, 30) and gold.dtype == bool
    assert list(X.columns) == [f"G{j}" for j in range(1, 31)]
    X2, gold2 = simulate_expression(30, 40, random_state=5)
    np.testing.assert_array_equal(X.to_numpy(), X2.to_numpy())
    np.testing.assert_array_equal(gold, gold2)
    X3, _ = simulate_expression(30, 40, random_state=6)
    assert not np.array_equal(X.to_numpy(), X3.to_numpy())


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_simulator_network_is_sparse_acyclic_with_hubs(seed):
    X, gold = simulate_expression(100, 100, random_state=seed)
    assert not gold.diagonal().any()
    n_strong, _ = connected_components(gold, directed=True, connection="strong")
    assert n_strong == 100  # no cycle
    out_degree = gold.sum(axis=1)
    assert (out_degree > 0).sum() <= 25  # a quarter of the genes at most regulate
    assert out_degree.max() >= 4 * gold.sum() / (out_degree > 0).sum() / 2  # skewed
    assert 1.0 <= gold.sum() / 100 <= 3.0
    values = X.to_numpy()
    assert (values >= 0).all() and np.allclose(values.max(axis=0), 1.0)


def test_simulator_regulation_is_visible():
    # A regulated gene depends on its regulators more than on unrelated genes.
    X, gold = simulate_expression(50, 300, noise=0.0, random_state=0)
    rho = np.abs(np.corrcoef(X.to_numpy(), rowvar=False))
    np.fill_diagonal(rho, 0)
    assert rho[gold].mean() > 2 * rho[~gold & ~gold.T & ~np.eye(50, dtype=bool)].mean()


def test_simulator_parameter_errors():
    with pytest.raises(ValueError, match="n_genes"):
        simulate_expression(1)
    with pytest.raises(ValueError, match="density"):
        simulate_expression(10, density=0)
    with pytest.raises(ValueError, match="n_regulators"):
        simulate_expression(10, n_regulators=10)
