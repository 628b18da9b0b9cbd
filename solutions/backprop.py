"""역전파로 작은 완전 연결 신경망을 학습합니다.
Train a small fully connected neural network with backpropagation.

신경망 / The network
    입력 X → 은닉층 1 … 은닉층 L-1 (활성화 함수 sigmoid 또는 relu) → 선형 출력층
    input X → hidden layers 1 … L-1 (activation sigmoid or relu) → a linear output layer

    층 l = 1 … L 에서 / for each layer l = 1 … L:
        Z_l = A_{l-1} @ W_l + b_l
        A_l = act(Z_l)   (은닉층 / hidden layers, l < L)
        A_L = Z_L        (출력층은 선형 / the output layer is linear)
    A_0 = X, 예측값 / the prediction Ŷ = A_L

모양 / Shapes (N 은 샘플 수, 샘플이 행입니다 / N samples, one per row)
- ``X``: (N, D),  ``Y``: (N, K)
- ``params``: 딕셔너리 / a dict
  {"W1": (D, H1), "b1": (H1,), "W2": (H1, H2), "b2": (H2,), …, "WL": (H_{L-1}, K), "bL": (K,)}
  층의 수 L = len(params) // 2 입니다. / The number of layers is L = len(params) // 2.
- ``cache``: 딕셔너리 / a dict {"A0": X, "Z1": …, "A1": …, …, "ZL": …, "AL": Ŷ}
  (Z_l, A_l 의 모양은 (N, H_l) / Z_l and A_l have shape (N, H_l))
- ``grads``: 딕셔너리 / a dict {"dW1": …, "db1": …, …, "dWL": …, "dbL": …}, 각각 해당
  가중치와 같은 모양 / each with the shape of its parameter (db_l: (H_l,), not (1, H_l)).

손실 / The loss
    Loss = (1/N) Σ_i Σ_k (Y_ik − Ŷ_ik)²   (배치 평균 / averaged over the batch of N samples)

규칙 / Rules
- 인자로 받은 배열만 사용하고, 인자를 수정하지 마세요. 단 train_step 은 받은 params 를 갱신해
  돌려주어도 됩니다 (채점은 돌려준 값만 봅니다).
  Use only the arguments you are given, and do not modify them; only train_step may update
  the params it is given and return them (the grading reads the returned dict only).
- numpy 만 사용하세요. / Use numpy only.
"""

import numpy as np


def sigmoid(z):
    """시그모이드 σ(z) = 1 / (1 + e^(−z)). (채점하지 않는 제공 함수)
    The sigmoid σ(z) = 1 / (1 + e^(−z)). (Given to you; not graded.)
    """
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


def relu(z):
    """ReLU max(0, z). (채점하지 않는 제공 함수) / ReLU max(0, z). (Given; not graded.)"""
    return np.maximum(0.0, np.asarray(z, dtype=float))


def activate(z, activation):
    """활성화 함수 적용: activation 은 "sigmoid" 또는 "relu". (채점하지 않는 제공 함수)
    Apply the activation, "sigmoid" or "relu". (Given to you; not graded.)
    """
    if activation == "sigmoid":
        return sigmoid(z)
    if activation == "relu":
        return relu(z)
    raise ValueError(f"unknown activation {activation!r}")


def activation_derivative(z, activation):
    """활성화 함수의 도함수 act'(z): sigmoid 는 σ(z)(1 − σ(z)), relu 는 z > 0 이면 1, 아니면 0.
    (채점하지 않는 제공 함수)
    The derivative act'(z): σ(z)(1 − σ(z)) for sigmoid; 1 where z > 0, else 0, for relu.
    (Given to you; not graded.)
    """
    z = np.asarray(z, dtype=float)
    if activation == "sigmoid":
        s = sigmoid(z)
        return s * (1.0 - s)
    if activation == "relu":
        return (z > 0).astype(float)
    raise ValueError(f"unknown activation {activation!r}")


def init_params(layer_sizes, seed=0):
    """층 크기 [D, H1, …, K] 로 작은 무작위 가중치와 0 편향을 만듭니다. (채점하지 않는 제공 함수)
    Small random weights and zero biases for layer sizes [D, H1, …, K]. (Given; not graded.)
    """
    rng = np.random.default_rng(seed)
    params = {}
    for k in range(1, len(layer_sizes)):
        fan_in, fan_out = layer_sizes[k - 1], layer_sizes[k]
        params[f"W{k}"] = rng.normal(0.0, 1.0 / np.sqrt(fan_in), (fan_in, fan_out))
        params[f"b{k}"] = np.zeros(fan_out)
    return params


def forward(X, params, activation="sigmoid"):
    """순전파: 입력 X 에서 출력 Ŷ 를 계산하고 (Ŷ, cache) 를 돌려줍니다.
    Forward propagation: compute the output Ŷ from X and return the pair (Ŷ, cache).

    cache 는 역전파에 필요한 값을 담은 딕셔너리입니다:
    cache is a dict holding what backpropagation needs:
        {"A0": X, "Z1": Z_1, "A1": A_1, …, "ZL": Z_L, "AL": Ŷ}
    은닉층에는 activation 을, 마지막 층에는 활성화 함수를 쓰지 않습니다 (선형 출력).
    Hidden layers apply ``activation``; the last layer applies none (a linear output).

    예 / Example: X 가 (5, 2), W1 이 (2, 3), W2 가 (3, 1) 이면 Ŷ 는 (5, 1) 입니다.
    With X (5, 2), W1 (2, 3) and W2 (3, 1), Ŷ has shape (5, 1).
    """
    ### BEGIN SOLUTION
    n_layers = len(params) // 2
    A = np.asarray(X, dtype=float)
    cache = {"A0": A}
    for k in range(1, n_layers + 1):
        Z = A @ params[f"W{k}"] + params[f"b{k}"]
        A = Z if k == n_layers else activate(Z, activation)
        cache[f"Z{k}"] = Z
        cache[f"A{k}"] = A
    return A, cache
    ### END SOLUTION


def mse_loss(Y, Y_hat):
    """손실 Loss = (1/N) Σ_i Σ_k (Y_ik − Ŷ_ik)² 를 숫자 하나로 돌려줍니다 (N 은 샘플 수, 행의 수).
    Return the loss (1/N) Σ_i Σ_k (Y_ik − Ŷ_ik)² as one number (N = samples = rows).

    예 / Example: mse_loss([[1.0], [2.0]], [[1.0], [4.0]]) == 2.0
    """
    ### BEGIN SOLUTION
    Y = np.asarray(Y, dtype=float)
    Y_hat = np.asarray(Y_hat, dtype=float)
    return float(np.sum((Y - Y_hat) ** 2) / Y.shape[0])
    ### END SOLUTION


def backward(Y, params, cache, activation="sigmoid"):
    """역전파: 모든 가중치와 편향에 대한 손실의 기울기를 딕셔너리로 돌려줍니다.
    Backpropagation: return the gradient of the loss for every weight and bias, as a dict
    {"dW1": …, "db1": …, …, "dWL": …, "dbL": …}.

    cache 는 forward 가 돌려준 딕셔너리입니다. 출력층에서 시작해 한 층씩 뒤로 갑니다:
    cache is the dict forward returned. Start at the output and go back one layer at a time:
        dZ_L = (2/N) (A_L − Y)                      (선형 출력 / linear output)
        dW_l = A_{l-1}ᵀ @ dZ_l,   db_l = Σ_i dZ_l (행 방향 합 / sum over the rows)
        dZ_{l-1} = (dZ_l @ W_lᵀ) * act'(Z_{l-1})    (연쇄 법칙 / the chain rule)
    dW_l 은 W_l 과, db_l 은 b_l 과 모양이 같아야 합니다.
    dW_l must have the shape of W_l, and db_l the shape of b_l.
    """
    ### BEGIN SOLUTION
    n_layers = len(params) // 2
    Y = np.asarray(Y, dtype=float)
    n = Y.shape[0]
    grads = {}
    dZ = 2.0 * (cache[f"A{n_layers}"] - Y) / n
    for k in range(n_layers, 0, -1):
        grads[f"dW{k}"] = cache[f"A{k - 1}"].T @ dZ
        grads[f"db{k}"] = dZ.sum(axis=0)
        if k > 1:
            dA = dZ @ params[f"W{k}"].T
            dZ = dA * activation_derivative(cache[f"Z{k - 1}"], activation)
    return grads
    ### END SOLUTION


def train_step(X, Y, params, lr=0.1, activation="sigmoid"):
    """경사 하강법 한 단계: forward → backward → 갱신. 새 params 딕셔너리를 돌려줍니다.
    One step of gradient descent: forward, backward, update. Return a new params dict.

    모든 가중치와 편향을 같은 학습률로 갱신합니다:
    Update every weight and bias with the same learning rate:
        W_l ← W_l − lr · dW_l,   b_l ← b_l − lr · db_l
    forward 와 backward 를 호출해 기울기를 구하세요. 새 딕셔너리를 만들어도, 받은 params 를
    갱신해 돌려주어도 됩니다. / Call forward and backward for the gradients. Build a new dict,
    or update the params you were given and return them: both are graded the same.
    """
    ### BEGIN SOLUTION
    _, cache = forward(X, params, activation)
    grads = backward(Y, params, cache, activation)
    return {name: value - lr * grads["d" + name] for name, value in params.items()}
    ### END SOLUTION
