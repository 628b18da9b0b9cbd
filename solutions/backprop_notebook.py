# %% [markdown]
# # 역전파로 신경망 학습하기
#
# 첫 번째 과제에서는 가중치가 두 개뿐인 직선을 경사 하강법으로 학습했습니다. 두 편미분은
# 손으로 유도할 수 있었지요. 이번에는 **층이 여러 개인 신경망**을 학습합니다. 가중치가 수백
# 개로 늘어나면 편미분을 하나씩 손으로 구할 수 없습니다. 그 대신 **역전파(backpropagation)**
# 로 모든 가중치의 기울기를 한 번에 계산합니다. 데이터는 직선으로는 맞출 수 없는 물결 모양의
# 합성 데이터 `data/wave.csv` 입니다.
#
# **학습 목표**
#
# 1. 노드, 가중치, 층이 무엇이고, **심층(deep)** 신경망이 무엇인지 설명한다.
# 2. **순전파**로 입력에서 출력을 계산한다.
# 3. **연쇄 법칙**을 작은 예에 손으로 적용해 기울기를 구하고, 수치 미분으로 확인한다.
# 4. **역전파**가 출력의 오차를 한 층씩 뒤로 보내 모든 가중치의 기울기를 구한다는 것을 이해하고
#    구현한다.
# 5. 그 기울기로 첫 과제와 같은 갱신 규칙 $W \leftarrow W - \alpha \nabla L$ 을 적용해 신경망을
#    학습시킨다.
#
# **할 일**: `forward`, `mse_loss`, `backward`, `train_step` 네 함수를 완성합니다. 각 함수의
# `raise NotImplementedError` 줄을 지우고 코드를 쓰세요. `sigmoid`, `relu`, `activate`,
# `activation_derivative`, `init_params` 는 이미 주어져 있습니다. 위에서부터 차례로 셀을
# 실행하세요.
#
# **English**
#
# In the first exercise you trained a straight line, with only two weights, by gradient descent,
# and you could derive both partial derivatives by hand. Now you train a **neural network with
# several layers**. With hundreds of weights, deriving each partial by hand is no longer an
# option; instead **backpropagation** computes the gradient of every weight in one go. The data,
# `data/wave.csv`, are synthetic and wave-shaped, so no straight line can fit them.
#
# Goals: (1) explain nodes, weights and layers, and what makes a network **deep**; (2) compute
# the output from the input by **forward propagation**; (3) apply the **chain rule** by hand to a
# tiny example and confirm the result numerically; (4) understand and implement
# **backpropagation**, which sends the output error backwards one layer at a time to obtain every
# weight's gradient; (5) train the network with those gradients and the same update rule as in
# the first exercise, $W \leftarrow W - \alpha \nabla L$.
#
# Your task: complete the four functions `forward`, `mse_loss`, `backward` and `train_step`. In
# each one, delete the `raise NotImplementedError` line and write your code. `sigmoid`, `relu`,
# `activate`, `activation_derivative` and `init_params` are given. Run the cells from top to
# bottom.
#
# <!--
# ruff: noqa: F821
# The line above is for the linter only: in this source file the functions are filled in by
# the notebook generator from the [function] cells, so their names look undefined here. In
# the notebook this whole block is an invisible HTML comment.
# -->

# %%
# 준비: 라이브러리와 데이터 불러오기 / Setup: libraries and data
import time
from itertools import pairwise
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

# 저장소 안(assignments/backprop/)과 배포본(노트북 옆 data/) 모두에서 찾습니다.
# Look for the data both in the repository and next to the notebook in the student release.
# 데이터 이름은 일부러 X, Y 가 아닌 wave_x, wave_y 입니다: 함수 안에서는 인자만 쓰세요.
# The data are deliberately named wave_x, wave_y (not X, Y): inside functions use only the
# arguments.
DATA_CANDIDATES = [Path("data/wave.csv"), Path("../../data/wave.csv")]
data_path = next((p for p in DATA_CANDIDATES if p.exists()), None)
if data_path is None:
    wave_x = wave_y = None
    print("data/wave.csv 를 찾지 못했습니다. 노트북 옆의 data/ 폴더에 두세요.")
    print("data/wave.csv not found; put it in a data/ folder next to this notebook.")
else:
    data = np.loadtxt(data_path, delimiter=",", skiprows=1)
    # 신경망은 샘플을 행으로 받습니다: 모양 (N, 1) / the network takes one sample per row: (N, 1)
    wave_x, wave_y = data[:, :1], data[:, 1:]
    print(f"{data_path}: 점 {len(wave_x)}개 / {len(wave_x)} points")
    print("모양 / shapes:", wave_x.shape, wave_y.shape)
    print("처음 3개 (x, y) / first 3 (x, y):", data[:3].tolist())

# %% [markdown]
# ## 1. 노드, 가중치, 층
#
# 신경망은 **노드(node, 뉴런)** 들을 **가중치(weight)** 로 이어 놓은 계산 그래프입니다.
#
# - **노드**는 숫자 하나를 담습니다. 입력 노드는 데이터를 그대로 담고, 그 밖의 노드는 앞 노드들의
#   값에 가중치를 곱해 더하고(가중합) 편향을 더한 뒤, 활성화 함수(sigmoid, ReLU 등)를 통과시킨
#   값을 담습니다.
# - **가중치**는 두 노드를 잇는 선 하나에 붙은 숫자입니다. 학습은 이 숫자들을 고치는 일입니다.
#   노드마다 하나씩 있는 **편향(bias)** 도 함께 학습합니다.
# - **층(layer)** 은 같은 단계에 있는 노드의 묶음입니다. 입력층, 출력층, 그리고 그 사이의
#   **은닉층(hidden layer)** 이 있습니다. 한 층의 모든 노드가 다음 층의 모든 노드와 이어져 있으면
#   완전 연결(fully connected) 층이라고 합니다.
#
# 예를 들어 층 크기가 `[1, 16, 16, 16, 1]` 인 신경망은 입력 노드 1개, 노드 16개짜리 은닉층 3개,
# 출력 노드 1개로 이루어집니다.
#
# ```
# 입력층      은닉층 1    은닉층 2    은닉층 3    출력층
#   x   ──W1──  (16)  ──W2──  (16)  ──W3──  (16)  ──W4──  ŷ
# ```
#
# 은닉층이 하나뿐이면 얕은(shallow) 신경망, 이 수업에서는 **은닉층이 세 개 이상**이면 **심층
# 신경망(deep neural network)** 이라고 부릅니다. "딥러닝"의 "딥"이 바로 이 깊이입니다. 층이 깊을수록
# 간단한 조각을 여러 번 겹쳐 복잡한 함수를 표현할 수 있지만, 가중치가 많아 학습하기는 어려워집니다.
# 이 노트북 끝에서 학습할 신경망도 은닉층이 세 개인 심층 신경망입니다.
#
# 첫 과제의 직선 $f(x) = w_0 + w_1 x$ 는 은닉층이 없는 신경망입니다: 입력 노드 하나가 가중치
# $w_1$ 으로 출력 노드에 이어지고, $w_0$ 는 출력 노드의 편향입니다.
#
# **English**
#
# A neural network is a computation graph of **nodes** (neurons) joined by **weights**.
#
# - A **node** holds one number. An input node holds a value from the data; every other node
#   takes the values of the nodes before it, multiplies each by a weight, adds them up (a
#   weighted sum), adds a bias, and passes the result through an activation function (sigmoid,
#   ReLU, …).
# - A **weight** is the number on one connection between two nodes; learning means adjusting
#   these numbers. Each node also has a **bias**, which is learned as well.
# - A **layer** is a group of nodes at the same stage: the input layer, the output layer, and
#   the **hidden layers** between them. When every node of a layer is connected to every node
#   of the next, the layer is called fully connected.
#
# For example, the layer sizes `[1, 16, 16, 16, 1]` describe 1 input node, three hidden layers
# of 16 nodes each, and 1 output node (see the sketch above). A network with a single hidden
# layer is shallow; in this course a network with **three or more hidden layers** is called a
# **deep neural network**, and that depth is the "deep" in deep learning. Stacking many simple
# pieces lets a deep network represent complicated functions, but the many weights also make it
# harder to train. The network you train at the end of this notebook has three hidden layers, so
# it is deep.
#
# The line $f(x) = w_0 + w_1 x$ from the first exercise is a network with no hidden layer: one
# input node joined to the output node by the weight $w_1$, with $w_0$ as the output's bias.

# %% [markdown]
# ## 2. 순전파: 입력에서 출력까지
#
# **순전파(forward propagation)** 는 입력을 첫 층부터 마지막 층까지 차례로 통과시켜 출력을
# 계산하는 것입니다. 샘플 $N$ 개를 한꺼번에 행렬로 계산합니다 (샘플 하나가 한 행).
#
# $$A_0 = X, \qquad Z_l = A_{l-1} W_l + b_l, \qquad A_l = \mathrm{act}(Z_l) \quad (l < L),
# \qquad \hat{Y} = A_L = Z_L$$
#
# - $X$: 입력, 모양 $(N, D)$. $\hat{Y}$: 출력, 모양 $(N, K)$.
# - $W_l$: 층 $l$ 의 가중치, 모양 $(H_{l-1}, H_l)$ (앞 층 노드 수 × 이 층 노드 수).
#   $b_l$: 편향, 모양 $(H_l,)$. 더할 때 모든 행(샘플)에 똑같이 더해집니다 (브로드캐스팅).
# - 은닉층은 활성화 함수를 거치고, 마지막(출력)층은 회귀 문제이므로 **활성화 함수 없이** 그대로
#   내보냅니다.
#
# 역전파는 순전파의 중간값 $Z_l$, $A_l$ 을 다시 씁니다. 그래서 `forward` 는 출력과 함께 이 값들을
# 담은 딕셔너리 `cache` 를 돌려줍니다.
#
# **English**
#
# **Forward propagation** computes the output by passing the input through the layers, from the
# first to the last. All $N$ samples go through at once as a matrix, one sample per row (formula
# above). $X$ has shape $(N, D)$ and the output $\hat{Y}$ shape $(N, K)$; the weights $W_l$ of
# layer $l$ have shape $(H_{l-1}, H_l)$ (nodes in the previous layer × nodes in this layer) and
# the bias $b_l$ shape $(H_l,)$, added to every row by broadcasting. Hidden layers apply the
# activation; the output layer applies **none**, because this is regression. Backpropagation
# reuses the intermediate values $Z_l$ and $A_l$, so `forward` returns them in a dict `cache`
# together with the output.

# %% [markdown]
# ## 3. 연쇄 법칙을 손으로: 노드 세 개짜리 신경망
#
# 가장 작은 예로 시작합니다: 입력 노드 1개, sigmoid 은닉 노드 1개, 선형 출력 노드 1개.
# 가중치는 두 개($w_1$, $w_2$)이고 편향은 0 으로 두어 생략합니다.
#
# $$x \xrightarrow{\;w_1\;} z_1 = w_1 x \;\to\; a_1 = \sigma(z_1) \xrightarrow{\;w_2\;}
# \hat{y} = w_2 a_1 \;\to\; L = (y - \hat{y})^2$$
#
# 숫자: $x = 2$, 정답 $y = 3$, $w_1 = 0.5$, $w_2 = 2$.
#
# **순전파** (앞에서 뒤로)
#
# | 단계 | 계산 | 값 |
# |---|---|---|
# | $z_1$ | $w_1 x = 0.5 \cdot 2$ | $1$ |
# | $a_1$ | $\sigma(1) = 1/(1 + e^{-1})$ | $\approx 0.7311$ |
# | $\hat{y}$ | $w_2 a_1 = 2 \cdot 0.7311$ | $\approx 1.4621$ |
# | $L$ | $(3 - 1.4621)^2$ | $\approx 2.3651$ |
#
# **역전파** (뒤에서 앞으로). 연쇄 법칙: 한 변수가 여러 단계를 거쳐 $L$ 에 영향을 주면, 그 길을
# 따라 단계마다의 미분을 곱합니다.
#
# | 단계 | 연쇄 법칙 | 값 |
# |---|---|---|
# | $\partial L / \partial \hat{y}$ | $2(\hat{y} - y) = 2(1.4621 - 3)$ | $\approx -3.0758$ |
# | $\partial L / \partial w_2$ | $\dfrac{\partial L}{\partial \hat{y}} \cdot \dfrac{\partial \hat{y}}{\partial w_2} = -3.0758 \cdot a_1$ | $\approx -2.2486$ |
# | $\partial L / \partial a_1$ | $\dfrac{\partial L}{\partial \hat{y}} \cdot \dfrac{\partial \hat{y}}{\partial a_1} = -3.0758 \cdot w_2$ | $\approx -6.1515$ |
# | $\partial L / \partial z_1$ | $\dfrac{\partial L}{\partial a_1} \cdot \sigma'(z_1)$, $\;\sigma'(1) = \sigma(1)(1 - \sigma(1)) \approx 0.1966$ | $\approx -1.2095$ |
# | $\partial L / \partial w_1$ | $\dfrac{\partial L}{\partial z_1} \cdot \dfrac{\partial z_1}{\partial w_1} = -1.2095 \cdot x$ | $\approx -2.4189$ |
#
# 두 가지를 눈여겨보세요.
#
# 1. 두 기울기 모두 음수입니다. 예측 $1.46$ 이 정답 $3$ 보다 작으니, 두 가중치를 **키우면** 손실이
#    줄어든다는 뜻입니다. 갱신 $w \leftarrow w - \alpha \cdot (\text{음수})$ 는 실제로 $w$ 를 키웁니다.
# 2. $\partial L / \partial w_1$ 을 구할 때 이미 계산한 $\partial L / \partial \hat{y}$ 를 **다시
#    썼습니다**. 뒤쪽 층의 결과를 앞쪽 층이 재사용하는 것, 이것이 역전파가 빠른 이유입니다.
#
# 아래 셀은 같은 계산을 코드로 하고, **수치 미분(유한 차분)** 으로 확인합니다. 가중치 하나를 아주
# 조금($h$) 바꿔 손실이 얼마나 변하는지 재면 그 가중치의 기울기를 어림할 수 있습니다:
# $\dfrac{\partial L}{\partial w} \approx \dfrac{L(w + h) - L(w - h)}{2h}$ (중심 차분).
#
# **English**
#
# The smallest example: one input node, one sigmoid hidden node and one linear output node, with
# two weights $w_1, w_2$ and the biases left out (zero). Numbers: $x = 2$, target $y = 3$,
# $w_1 = 0.5$, $w_2 = 2$.
#
# *Forward* (front to back): $z_1 = w_1 x = 1$, $a_1 = \sigma(1) \approx 0.7311$,
# $\hat{y} = w_2 a_1 \approx 1.4621$, $L = (3 - 1.4621)^2 \approx 2.3651$.
#
# *Backward* (back to front), by the chain rule: when a variable affects $L$ through several
# steps, multiply the derivatives of the steps along the way.
# $\partial L / \partial \hat{y} = 2(\hat{y} - y) \approx -3.0758$;
# $\partial L / \partial w_2 = \partial L / \partial \hat{y} \cdot a_1 \approx -2.2486$;
# $\partial L / \partial a_1 = \partial L / \partial \hat{y} \cdot w_2 \approx -6.1515$;
# $\partial L / \partial z_1 = \partial L / \partial a_1 \cdot \sigma'(z_1) \approx -1.2095$,
# with $\sigma'(1) = \sigma(1)(1 - \sigma(1)) \approx 0.1966$;
# $\partial L / \partial w_1 = \partial L / \partial z_1 \cdot x \approx -2.4189$.
#
# Two things to notice. (1) Both gradients are negative: the prediction $1.46$ is below the
# target $3$, so **increasing** either weight lowers the loss, and the update
# $w \leftarrow w - \alpha \cdot (\text{negative})$ does increase $w$. (2) For
# $\partial L / \partial w_1$ we **reused** $\partial L / \partial \hat{y}$, already computed for
# $w_2$. Earlier layers reuse what later layers computed: that is why backpropagation is fast.
#
# The next cell does the same computation in code and confirms it with a **finite difference**:
# nudge one weight by a tiny $h$ and measure how much the loss changes,
# $\partial L / \partial w \approx (L(w + h) - L(w - h)) / (2h)$ (a central difference).

# %%
# 손 계산을 코드로 / The hand computation in code (이 셀은 여러분의 함수를 쓰지 않습니다 /
# this cell does not use your functions)
x_hand, y_hand = 2.0, 3.0
w1_hand, w2_hand = 0.5, 2.0


def hand_loss(w1, w2):
    """노드 세 개짜리 신경망의 손실 / the loss of the three-node network."""
    z1 = w1 * x_hand
    a1 = 1.0 / (1.0 + np.exp(-z1))
    y_hat = w2 * a1
    return (y_hand - y_hat) ** 2


# 순전파 / forward
z1 = w1_hand * x_hand
a1 = 1.0 / (1.0 + np.exp(-z1))
y_hat = w2_hand * a1
loss = (y_hand - y_hat) ** 2
print(f"z1 = {z1:.4f}, a1 = {a1:.4f}, y_hat = {y_hat:.4f}, L = {loss:.4f}")

# 역전파 (연쇄 법칙) / backward (the chain rule)
dL_dyhat = 2.0 * (y_hat - y_hand)
dL_dw2 = dL_dyhat * a1
dL_da1 = dL_dyhat * w2_hand
dL_dz1 = dL_da1 * a1 * (1.0 - a1)  # σ'(z1) = σ(z1)(1 − σ(z1)) = a1 (1 − a1)
dL_dw1 = dL_dz1 * x_hand
print(f"dL/dy_hat = {dL_dyhat:.4f}, dL/dw2 = {dL_dw2:.4f}")
print(f"dL/da1 = {dL_da1:.4f}, dL/dz1 = {dL_dz1:.4f}, dL/dw1 = {dL_dw1:.4f}")

# 수치 미분으로 확인 / check with central differences
h = 1e-6
numeric_w2 = (hand_loss(w1_hand, w2_hand + h) - hand_loss(w1_hand, w2_hand - h)) / (2 * h)
numeric_w1 = (hand_loss(w1_hand + h, w2_hand) - hand_loss(w1_hand - h, w2_hand)) / (2 * h)
print(f"수치 미분 / finite differences: dL/dw2 ≈ {numeric_w2:.4f}, dL/dw1 ≈ {numeric_w1:.4f}")
print(
    "연쇄 법칙과 일치 / matches the chain rule:",
    bool(np.isclose(numeric_w2, dL_dw2) and np.isclose(numeric_w1, dL_dw1)),
)

# %% [markdown]
# ## 4. 순방향과 역방향: 역전파
#
# | | 순전파 (forward) | 역전파 (backward) |
# |---|---|---|
# | 방향 | 입력 → 출력 | 출력 → 입력 |
# | 흘러가는 것 | 값 $Z_l$, $A_l$ | 오차의 기울기 $\partial L / \partial Z_l$ |
# | 결과 | 예측 $\hat{Y}$ 와 손실 $L$ | 모든 가중치와 편향의 기울기 |
#
# **역전파**는 정답과 출력 사이의 **오차**를 출력층에서 시작해 **한 층씩 뒤로** 보내면서, 각 층에서
# 그 층 가중치의 기울기를 구합니다. 위의 손 계산을 행렬로 쓴 것일 뿐입니다. 출력층에서
#
# $$dZ_L = \frac{\partial L}{\partial Z_L} = \frac{2}{N} (A_L - Y)$$
#
# 이고 ($L$ 이 $N$ 개 샘플의 평균이므로 $1/N$), 층 $l = L, L-1, \dots, 1$ 마다
#
# $$dW_l = A_{l-1}^\top \, dZ_l, \qquad db_l = \sum_{i} (dZ_l)_{i\,\cdot}
# \;\;(\text{행 방향 합}), \qquad dZ_{l-1} = (dZ_l \, W_l^\top) \odot \mathrm{act}'(Z_{l-1})$$
#
# 입니다. $\odot$ 는 원소별 곱(`*`)입니다. 손 계산과 비교하면 $dW_l = A_{l-1}^\top dZ_l$ 는
# "$\partial L / \partial w_2 = \partial L / \partial \hat{y} \cdot a_1$", $dZ_l W_l^\top$ 는
# "$\partial L / \partial a_1 = \partial L / \partial \hat{y} \cdot w_2$", $\odot\,\mathrm{act}'$ 는
# "$\cdot\,\sigma'(z_1)$" 입니다.
#
# **모양 확인이 가장 좋은 디버깅 도구입니다.** $dW_l$ 은 $W_l$ 과 모양이 같아야 합니다:
# $A_{l-1}^\top$ 은 $(H_{l-1}, N)$, $dZ_l$ 은 $(N, H_l)$ 이므로 곱은 $(H_{l-1}, H_l)$ 입니다.
#
# 이렇게 구한 기울기 $\nabla L$ 로 하는 일은 첫 과제와 **똑같습니다**. 모든 가중치와 편향에
#
# $$W \leftarrow W - \alpha \nabla L(W)$$
#
# 를 적용합니다. 순전파 → 손실 → 역전파 → 갱신, 이 한 바퀴가 학습의 한 단계(`train_step`)이고,
# 이것을 반복하는 것이 경사 하강법입니다.
#
# **English**
#
# Forward propagation goes from input to output, carries the values $Z_l, A_l$, and produces the
# prediction and the loss. Backward propagation goes from output to input, carries the gradient
# of the error $\partial L / \partial Z_l$, and produces the gradient of every weight and bias.
#
# **Backpropagation** sends the **error** between target and output backwards, **one layer at a
# time**, starting at the output layer, and at each layer obtains the gradient of that layer's
# weights. It is the hand computation above written with matrices: at the output
# $dZ_L = \frac{2}{N}(A_L - Y)$ (the $1/N$ because the loss averages over $N$ samples), then for
# each layer $l = L, \dots, 1$: $dW_l = A_{l-1}^\top dZ_l$, $db_l$ = the sum of the rows of
# $dZ_l$, and $dZ_{l-1} = (dZ_l W_l^\top) \odot \mathrm{act}'(Z_{l-1})$, where $\odot$ is the
# element-wise product (`*`). Compared with the hand computation, $A_{l-1}^\top dZ_l$ is
# "$\partial L/\partial \hat{y} \cdot a_1$", $dZ_l W_l^\top$ is
# "$\partial L/\partial \hat{y} \cdot w_2$", and $\odot\,\mathrm{act}'$ is "$\cdot\,\sigma'(z_1)$".
#
# **Checking shapes is the best debugging tool.** $dW_l$ must have the shape of $W_l$:
# $A_{l-1}^\top$ is $(H_{l-1}, N)$ and $dZ_l$ is $(N, H_l)$, so the product is $(H_{l-1}, H_l)$.
#
# What you do with the gradient is **exactly** what you did in the first exercise: apply
# $W \leftarrow W - \alpha \nabla L(W)$ to every weight and bias. Forward, loss, backward,
# update: one round is one training step (`train_step`), and repeating it is gradient descent.

# %% [markdown]
# ## 5. 왜 역전파가 심층 신경망을 가능하게 했나
#
# 기울기는 수치 미분으로도 구할 수 있습니다 (3절의 확인 셀처럼). 하지만 가중치 **하나마다**
# 그 가중치만 살짝 바꾼 순전파를 한 번 더 해야 합니다. 가중치가 $P$ 개이면 기울기 한 번에 순전파
# 약 $P$ 번이 듭니다 (중심 차분이면 $2P$ 번).
#
# 역전파는 순전파 한 번과 역전파 한 번으로 $P$ 개의 기울기를 **모두** 구합니다. 역방향 계산은
# 층마다 행렬 곱 두 번($dW_l$ 과 $dZ_{l-1}$)이라 순전파 한두 번 정도의 비용입니다. 가중치가
# 아무리 많아도 비용은 순전파 몇 번 수준에 머뭅니다.
#
# 1980년대에 역전파가 널리 알려지면서 여러 층의 신경망을 경사 하강법으로 학습할 수 있게 되었고,
# 오늘날 가중치가 수십억 개인 모델도 같은 원리로 학습합니다. 아래 셀은 가중치(와 편향)가 약 1만 개인
# 심층 신경망에서 두 방법의 비용을 셉니다.
#
# **English**
#
# Gradients can also be computed with finite differences (like the check cell in section 3), but
# that needs one extra forward pass **per weight**, with only that weight nudged: with $P$ weights,
# one gradient costs about $P$ forward passes ($2P$ with central differences).
#
# Backpropagation gets **all** $P$ gradients from one forward pass plus one backward pass. The
# backward pass does two matrix products per layer ($dW_l$ and $dZ_{l-1}$), so it costs about
# one or two forward passes, however many weights there are.
#
# Once backpropagation became widely known in the 1980s, networks with several layers could be
# trained by gradient descent, and today models with billions of weights are trained the same
# way. The next cell counts the cost of both methods for a deep network with about 10,000
# weights (and biases).

# %%
# 가중치 약 1만 개인 심층 신경망의 비용 세기 (곱셈-덧셈 횟수, 샘플 하나 기준)
# Counting the cost for a deep network with about 10,000 weights (multiply-adds, one sample)
sizes = [20, 64, 64, 64, 1]  # 입력 20, 은닉층 3개, 출력 1 / 20 inputs, 3 hidden layers, 1 output
n_params = sum((fan_in + 1) * fan_out for fan_in, fan_out in pairwise(sizes))
forward_cost = sum(fan_in * fan_out for fan_in, fan_out in pairwise(sizes))

finite_difference_cost = (
    n_params + 1
) * forward_cost  # 기준 1번 + 가중치마다 1번 / 1 + 1 per weight
backprop_cost = (
    forward_cost + 2 * forward_cost
)  # 순전파 1번 + 역전파(행렬 곱 2배) / forward + backward

print(f"층 크기 / layer sizes: {sizes}")
print(f"가중치와 편향 / weights and biases: {n_params:,}")
print(f"순전파 한 번 / one forward pass: {forward_cost:,} multiply-adds")
print(f"수치 미분 / finite differences: {finite_difference_cost:,} multiply-adds")
print(f"역전파 / backpropagation:        {backprop_cost:,} multiply-adds")
print(
    f"역전파가 약 {finite_difference_cost / backprop_cost:,.0f}배 적습니다 / about "
    f"{finite_difference_cost / backprop_cost:,.0f} times less work"
)

# %% [markdown]
# ## 6. 주어진 함수 (채점 안 함)
#
# 활성화 함수와 그 도함수, 그리고 처음 가중치를 만드는 함수입니다. 수정하지 말고 실행만 하세요.
#
# - `sigmoid(z)` $= 1/(1 + e^{-z})$, 도함수 $\sigma(z)(1 - \sigma(z))$
# - `relu(z)` $= \max(0, z)$, 도함수는 $z > 0$ 이면 1, 아니면 0
# - `activate(z, activation)`, `activation_derivative(z, activation)`: `activation` 이
#   `"sigmoid"` 또는 `"relu"` 일 때 위의 함수 또는 도함수를 적용합니다.
# - `init_params(layer_sizes, seed)`: 층 크기 `[D, H1, …, K]` 로 작은 무작위 가중치와 0 편향을
#   담은 딕셔너리 `{"W1": …, "b1": …, …}` 를 만듭니다.
#
# **English**
#
# The activation functions, their derivatives, and a function that makes the starting weights.
# Do not change them; just run the cells. `activate` and `activation_derivative` apply the
# function or its derivative for `activation` = `"sigmoid"` or `"relu"`; `init_params` builds
# the dict `{"W1": …, "b1": …, …}` of small random weights and zero biases for the layer sizes
# `[D, H1, …, K]`.

# %% [function] sigmoid

# %% [function] relu

# %% [function] activate

# %% [function] activation_derivative

# %% [function] init_params

# %% [markdown]
# ## 7. 순전파 `forward`
#
# **과제**: `forward(X, params, activation)` 를 완성하세요. 2절의 식대로 층을 차례로 계산하고
# `(Y_hat, cache)` 쌍을 돌려줍니다.
#
# - 층의 수는 `L = len(params) // 2` 입니다. 층 `l` 의 가중치는 `params[f"W{l}"]`, 편향은
#   `params[f"b{l}"]` 입니다. 층 수를 2 나 3 으로 고정하지 말고 반복문을 쓰세요.
# - `cache` 에는 `"A0"` (입력 X), 그리고 층마다 `"Z{l}"`, `"A{l}"` 를 넣습니다. 마지막 층은
#   `A_L = Z_L` 입니다.
# - 은닉층에만 `activate(Z, activation)` 를 적용합니다. 출력층에는 적용하지 않습니다.
#
# **작은 예** (아래 셀): $X = \begin{bmatrix} 1 & 2 \\ -1 & 0 \end{bmatrix}$,
# $W_1 = \begin{bmatrix} 1 & -1 & 0 \\ 0 & 1 & 1 \end{bmatrix}$, $b_1 = [0, 0, -1]$,
# $W_2 = [1, 2, 3]^\top$, $b_2 = [-3]$, ReLU. 그러면 $Z_1 = \begin{bmatrix} 1 & 1 & 1 \\ -1 & 1 & -1
# \end{bmatrix}$, $A_1 = \begin{bmatrix} 1 & 1 & 1 \\ 0 & 1 & 0 \end{bmatrix}$,
# $\hat{Y} = [3, -1]^\top$ 입니다. 출력의 $-1$ 은 출력층에 ReLU 를 쓰지 않았기 때문에 남습니다.
#
# **English**
#
# Task: complete `forward(X, params, activation)`. Compute the layers in order with the formulas
# of section 2 and return the pair `(Y_hat, cache)`. The number of layers is
# `L = len(params) // 2`; layer `l` has weights `params[f"W{l}"]` and bias `params[f"b{l}"]`. Use
# a loop: do not fix the number of layers to 2 or 3. `cache` holds `"A0"` (the input X) and, for
# each layer, `"Z{l}"` and `"A{l}"`; for the last layer `A_L = Z_L`. Apply
# `activate(Z, activation)` to the hidden layers only, never to the output layer. In the small
# example above (used in the next cell) $\hat{Y} = [3, -1]^\top$: the $-1$ survives because the
# output layer has no ReLU.

# %% [function] forward

# %%
X_small = np.array([[1.0, 2.0], [-1.0, 0.0]])
params_small = {
    "W1": np.array([[1.0, -1.0, 0.0], [0.0, 1.0, 1.0]]),
    "b1": np.array([0.0, 0.0, -1.0]),
    "W2": np.array([[1.0], [2.0], [3.0]]),
    "b2": np.array([-3.0]),
}
try:
    Y_hat_small, cache_small = forward(X_small, params_small, "relu")
    print("Y_hat =", np.ravel(Y_hat_small), "(기대 / expected [ 3. -1.])")
    print("Y_hat 모양 / shape:", np.shape(Y_hat_small), "(기대 / expected (2, 1))")
    print("cache 키 / keys:", sorted(cache_small), "(기대 / expected A0 A1 A2 Z1 Z2)")
except NotImplementedError:
    print("forward: 아직 구현하지 않았습니다 / not implemented yet")

# %% [markdown]
# ## 8. 손실 `mse_loss`
#
# $$L = \frac{1}{N} \sum_{i=1}^{N} \sum_{k=1}^{K} (Y_{ik} - \hat{Y}_{ik})^2$$
#
# 첫 과제의 MSE 와 같지만, 출력이 $K$ 개일 수 있어 샘플마다 $K$ 개의 제곱 오차를 더합니다. 나누는
# 수는 **샘플 수 $N$ (행의 수)** 입니다. 원소 수 $N \cdot K$ 가 아닙니다 (그래서 `np.mean` 을 그대로
# 쓰면 $K > 1$ 일 때 틀립니다). 역전파의 $dZ_L = \frac{2}{N}(A_L - Y)$ 가 바로 이 식의 미분입니다.
#
# **작은 예**: $Y = [[1], [2]]$, $\hat{Y} = [[1], [4]]$ 이면 $(0^2 + 2^2)/2 = 2$.
#
# **과제**: `mse_loss(Y, Y_hat)` 가 손실을 숫자 하나로 돌려주도록 완성하세요.
#
# **English**
#
# The MSE of the first exercise, except that there may be $K$ outputs, so each sample
# contributes $K$ squared errors. Divide by the **number of samples $N$ (rows)**, not by the
# number of elements $N \cdot K$ (so a plain `np.mean` is wrong when $K > 1$). The output gradient
# $dZ_L = \frac{2}{N}(A_L - Y)$ of backpropagation is the derivative of exactly this loss. Small
# example: $Y = [[1], [2]]$, $\hat{Y} = [[1], [4]]$ gives $(0^2 + 2^2)/2 = 2$.
#
# Task: complete `mse_loss(Y, Y_hat)` so that it returns the loss as one number.

# %% [function] mse_loss

# %%
try:
    print(
        "mse_loss =",
        mse_loss(np.array([[1.0], [2.0]]), np.array([[1.0], [4.0]])),
        "(기대 / expected 2.0)",
    )
    two_outputs = mse_loss(np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[0.0, 0.0], [0.0, 3.0]]))
    print("K = 2:", two_outputs, "(기대 / expected 2.5 = (1 + 4)/2)")
except NotImplementedError:
    print("mse_loss: 아직 구현하지 않았습니다 / not implemented yet")

# %% [markdown]
# ## 9. 역전파 `backward`
#
# **과제**: `backward(Y, params, cache, activation)` 를 완성하세요. 4절의 식대로 출력층에서 시작해
# 한 층씩 뒤로 가며 `{"dW1": …, "db1": …, …, "dWL": …, "dbL": …}` 를 돌려줍니다.
#
# - `cache` 는 `forward` 가 돌려준 딕셔너리입니다. $A_{l-1}$, $Z_{l-1}$ 은 여기서 꺼냅니다.
# - `dW{l}` 은 `W{l}` 과, `db{l}` 은 `b{l}` 과 **모양이 같아야** 합니다. `db{l}` 은 `(H_l,)` 이지
#   `(1, H_l)` 이 아닙니다.
# - 출력층에는 활성화 함수가 없으므로 $dZ_L$ 에는 $\mathrm{act}'$ 을 곱하지 않습니다.
# - 도함수는 $A$ 가 아닌 $Z$ 에서 계산합니다: `activation_derivative(cache[f"Z{l-1}"], activation)`.
#
# 아래 셀은 3절의 노드 세 개짜리 예를 여러분의 함수로 계산합니다. 손 계산과 같은 숫자가 나와야
# 합니다.
#
# **English**
#
# Task: complete `backward(Y, params, cache, activation)`. Start at the output layer and go back
# one layer at a time with the formulas of section 4, returning
# `{"dW1": …, "db1": …, …, "dWL": …, "dbL": …}`. `cache` is the dict `forward` returned: take
# $A_{l-1}$ and $Z_{l-1}$ from it. `dW{l}` must have the **shape** of `W{l}`, and `db{l}` the shape
# of `b{l}`: `(H_l,)`, not `(1, H_l)`. The output layer has no activation, so $dZ_L$ is not
# multiplied by $\mathrm{act}'$. Evaluate the derivative at $Z$, not at $A$:
# `activation_derivative(cache[f"Z{l-1}"], activation)`. The next cell runs the three-node example
# of section 3 through your functions: you should get the numbers computed by hand.

# %% [function] backward

# %%
X_hand = np.array([[x_hand]])
Y_hand = np.array([[y_hand]])
params_hand = {
    "W1": np.array([[w1_hand]]),
    "b1": np.zeros(1),
    "W2": np.array([[w2_hand]]),
    "b2": np.zeros(1),
}
try:
    _, cache_hand = forward(X_hand, params_hand, "sigmoid")
    grads_hand = backward(Y_hand, params_hand, cache_hand, "sigmoid")
    print("dW2 =", np.ravel(grads_hand["dW2"]), "(손 계산 / by hand -2.2486)")
    print("dW1 =", np.ravel(grads_hand["dW1"]), "(손 계산 / by hand -2.4189)")
    print("db2 =", np.ravel(grads_hand["db2"]), "(손 계산 / by hand -3.0758 = dL/dy_hat)")
    print("db1 =", np.ravel(grads_hand["db1"]), "(손 계산 / by hand -1.2095 = dL/dz1)")
except NotImplementedError:
    print(
        "forward 또는 backward 를 아직 구현하지 않았습니다 / forward or backward not implemented yet"
    )
except Exception as exc:
    print(f"오류 / error: {exc!r}")

# %% [markdown]
# ## 10. 기울기 검사 (gradient check)
#
# 역전파가 맞는지 확인하는 가장 확실한 방법은 3절처럼 **수치 미분과 비교**하는 것입니다. 아래의
# `numerical_gradients` 는 가중치를 하나씩 $\pm h$ 만큼 바꾸고 여러분의 `forward` 와 `mse_loss` 로
# 손실을 다시 계산해 중심 차분 $\dfrac{L(w + h) - L(w - h)}{2h}$ 을 구합니다. 느리지만 (5절!)
# 작은 신경망에서는 충분합니다. 두 값의 상대 오차
# $\dfrac{|g_\text{역전파} - g_\text{수치}|}{|g_\text{역전파}| + |g_\text{수치}|}$ 가 $10^{-5}$ 보다
# 작으면 통과로 봅니다. 수치 미분은 근삿값이라 오차가 0 이 되지는 않습니다 (여기서는 보통 $10^{-6}$ 이하).
# 틀린 역전파는 대개 $10^{-2}$ 이상의 오차를 냅니다.
#
# 이 검사는 `backward` 가 **여러분의** `forward` 를 올바르게 미분하는지 봅니다. `forward` 나
# `mse_loss` 가 틀리면 먼저 그것을 고치세요.
#
# **English**
#
# The surest way to test backpropagation is to **compare it with finite differences**, as in
# section 3. `numerical_gradients` below nudges the weights one at a time by $\pm h$, recomputes
# the loss with your `forward` and `mse_loss`, and takes the central difference
# $(L(w + h) - L(w - h)) / (2h)$. It is slow (section 5!) but fine for a small network. A
# parameter passes when the relative error $|g_\text{backprop} - g_\text{numeric}| /
# (|g_\text{backprop}| + |g_\text{numeric}|)$ is below $10^{-5}$. Finite differences are an
# approximation, so the error never reaches 0 (here it is usually below $10^{-6}$); a wrong backward
# usually gives errors of $10^{-2}$ or more. The check tests whether `backward` differentiates
# **your** `forward`; if `forward` or `mse_loss` is wrong, fix it first.


# %%
def numerical_gradients(X, Y, params, activation, h=1e-5):
    """중심 차분으로 구한 손실의 기울기 / the gradient of the loss by central differences."""
    numeric = {}
    for name, value in params.items():
        grad = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            nudged = {key: val.copy() for key, val in params.items()}
            nudged[name][index] = value[index] + h
            loss_plus = mse_loss(Y, forward(X, nudged, activation)[0])
            nudged[name][index] = value[index] - h
            loss_minus = mse_loss(Y, forward(X, nudged, activation)[0])
            grad[index] = (loss_plus - loss_minus) / (2 * h)
        numeric["d" + name] = grad
    return numeric


def gradient_check(activation, layer_sizes=(3, 4, 5, 2), n_samples=6, seed=1):
    """작은 무작위 신경망에서 backward 와 수치 미분을 비교합니다 / compare on a small random net."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_samples, layer_sizes[0]))
    Y = rng.normal(size=(n_samples, layer_sizes[-1]))
    params = init_params(list(layer_sizes), seed=seed)
    for name in params:  # 편향도 0 이 아니게 / non-zero biases too
        if name.startswith("b"):
            params[name] = rng.normal(0.0, 0.5, size=params[name].shape)
    cache_check = forward(X, params, activation)[1]
    backprop_grads = backward(Y, params, cache_check, activation)
    numeric = numerical_gradients(X, Y, params, activation)
    all_ok = True
    for name, value in params.items():
        key = "d" + name
        got = np.asarray(backprop_grads[key]) if key in backprop_grads else None
        if got is None or got.shape != value.shape:
            shape = None if got is None else got.shape
            print(
                f"  {key}: 모양 {shape}, 기대 {value.shape} / shape {shape}, expected {value.shape}"
            )
            all_ok = False
            continue
        # 분모가 0 에 가까우면 1e-8 을 씁니다 / 1e-8 when the denominator is nearly 0
        size = np.maximum(np.abs(got) + np.abs(numeric[key]), 1e-8)
        relative = np.max(np.abs(got - numeric[key]) / size)
        ok = relative < 1e-5
        all_ok = all_ok and ok
        print(
            f"  {key}: 상대 오차 / relative error {relative:.1e}  {'OK' if ok else '틀림 / WRONG'}"
        )
    return all_ok


for act in ("sigmoid", "relu"):
    print(f"activation = {act!r}, 층 크기 / layer sizes [3, 4, 5, 2]")
    try:
        if gradient_check(act):
            print("  기울기 검사 통과 / gradient check passed")
        else:
            print(
                "  기울기 검사 실패: backward 를 다시 확인하세요 / gradient check failed: re-check backward"
            )
    except NotImplementedError:
        print(
            "  forward, mse_loss, backward 를 먼저 구현하세요 / implement forward, mse_loss, backward first"
        )
    except Exception as exc:
        print(f"  오류 / error: {exc!r}")

# %% [markdown]
# ## 11. 학습 한 단계 `train_step`
#
# **과제**: `train_step(X, Y, params, lr, activation)` 를 완성하세요. 학습의 한 바퀴입니다.
#
# 1. `forward` 로 `cache` 를 얻는다.
# 2. `backward` 로 기울기를 얻는다.
# 3. 모든 가중치와 편향을 갱신한 **새 딕셔너리**를 돌려준다: $W_l \leftarrow W_l - \mathrm{lr} \cdot
#    dW_l$, $b_l \leftarrow b_l - \mathrm{lr} \cdot db_l$.
#
# 받은 `params` 를 고치지 마세요 (`params["W1"] -= …` 처럼 제자리에서 바꾸면 안 됩니다). 새 배열을
# 담은 새 딕셔너리를 만드세요.
#
# **English**
#
# Task: complete `train_step(X, Y, params, lr, activation)`, one round of learning: (1) call
# `forward` to get `cache`; (2) call `backward` for the gradients; (3) return a **new dict** with
# every weight and bias updated, $W_l \leftarrow W_l - \mathrm{lr} \cdot dW_l$ and
# $b_l \leftarrow b_l - \mathrm{lr} \cdot db_l$. Do not modify the `params` you were given (no
# in-place `params["W1"] -= …`); build a new dict of new arrays.

# %% [function] train_step

# %%
try:
    params_t = params_hand
    for step in range(4):
        loss_t = mse_loss(Y_hand, forward(X_hand, params_t, "sigmoid")[0])
        print(f"step {step}: L = {loss_t:.4f}")
        params_t = train_step(X_hand, Y_hand, params_t, lr=0.1, activation="sigmoid")
    print("손실이 줄어야 합니다 / the loss should go down (step 0: 2.3651)")
    print("W1 =", np.ravel(params_hand["W1"]), "(그대로 0.5 여야 함 / must still be 0.5)")
except NotImplementedError:
    print(
        "train_step 이나 그 안의 함수를 아직 구현하지 않았습니다 / train_step (or a function it calls) is not implemented yet"
    )
except Exception as exc:
    print(f"오류 / error: {exc!r}")

# %% [markdown]
# ## 12. 실습
#
# 1. **(채점)** 네 함수를 완성하고, 아래 셀로 공개 검사를 실행하세요. 공개 검사는 작은 예만
#    확인합니다. 실제 채점은 더 많은 경우를 검사하므로, 모두 통과해도 식과 모양을 다시 확인하세요.
# 2. 그다음 셀은 은닉층 3개짜리 심층 신경망 `[1, 16, 16, 16, 1]` 을 `wave.csv` 에 학습시키고, 손실
#    곡선과 학습된 곡선을 그립니다. 첫 과제의 직선(점선)보다 훨씬 잘 맞는지 보세요.
# 3. **(채점 안 함)** 학습 셀의 설정을 바꿔 보세요.
#    - `LAYER_SIZES = [1, 1]`: 은닉층이 없으면 직선밖에 되지 않습니다. 손실이 어디서 멈추나요?
#    - `LAYER_SIZES = [1, 16, 1]`: 은닉층 하나로는 어떤가요?
#    - `ACTIVATION = "sigmoid"`, `LR = 0.2`, `EPOCHS = 5000`: 손실이 한동안 평평하다가 내려갑니다.
#      sigmoid 의 도함수는 최대 0.25 라서, 층을 거꾸로 지날 때마다 기울기가 작아집니다 (기울기 소실).
#    - `LR = 0.5` (ReLU): 손실이 y 의 분산(약 0.637) 근처에서 멈춥니다. 첫 걸음이 너무 커서 마지막
#      은닉층의 ReLU 가 모두 0 만 내보내게 되면 (죽은 ReLU) 기울기도 0 이 되어 더 배우지 못합니다.
#
# 노트북을 제출하면 채점할 때 모든 코드 셀이 실행되고, 합쳐서 15초 안에 끝나야 합니다. 그래서 학습
# 셀은 8초(`TIME_BUDGET_S`)가 지나면 멈춥니다. 설정을 바꿔 보았다면 제출 전에 원래 값으로 되돌리세요.
#
# **English**
#
# 1. **(Graded)** Complete the four functions and run the public checks in the next cell. They
#    try only small examples; the real grading tests many more cases, so re-check your formulas
#    and shapes even if everything passes.
# 2. The cell after that trains the deep network `[1, 16, 16, 16, 1]` (three hidden layers) on
#    `wave.csv` and plots the loss curve and the fitted curve. Does it fit much better than the
#    straight line of the first exercise (dashed)?
# 3. **(Not graded)** Change the settings of the training cell.
#    - `LAYER_SIZES = [1, 1]`: with no hidden layer the network is a straight line. Where does
#      the loss stop?
#    - `LAYER_SIZES = [1, 16, 1]`: how does a single hidden layer do?
#    - `ACTIVATION = "sigmoid"`, `LR = 0.2`, `EPOCHS = 5000`: the loss stays flat for a while
#      before it falls. The sigmoid's derivative is at most 0.25, so the gradient shrinks every
#      time it goes back through a layer (vanishing gradients).
#    - `LR = 0.5` (ReLU): the loss stops near the variance of y (about 0.637). The first steps
#      are so large that every ReLU of the last hidden layer ends up outputting 0 ("dead ReLUs");
#      then the gradients are 0 too and the network cannot learn any more.
#
# When you submit the notebook, the grader runs all its code cells, and together they must finish
# within 15 seconds. That is why the training cell stops after 8 seconds (`TIME_BUDGET_S`). If you
# changed the settings, put the original values back before you submit.

# %%
# 공개 검사 (check_public.py 가 이 노트북과 같은 폴더에 있어야 합니다)
# Public checks (check_public.py must be in the same folder as this notebook)
try:
    import check_public

    check_public.run_all(globals())
except Exception as exc:
    print(f"공개 검사를 실행하지 못했습니다 / could not run the public checks: {exc!r}")

# %%
# 심층 신경망 학습: 여러분의 train_step 으로 wave.csv 에 곡선을 맞춥니다.
# Train the deep network: fit a curve to wave.csv with your train_step.
# 데이터와 가장 잘 맞는 직선은 언제나 그립니다. 신경망의 곡선과 손실 곡선은 필요한 함수가
# 동작할 때만 더합니다.
# The data and the best straight line are always drawn; the network's curves and the loss
# curve are added once the functions they need work.
# (그래프 글자는 한글 글꼴이 없어도 보이도록 영어로 씁니다 / plot labels are in English so
#  they render without a Korean font)
LAYER_SIZES = [1, 16, 16, 16, 1]  # 입력 1, 은닉층 3개 (16 노드), 출력 1 / 3 hidden layers
ACTIVATION = "relu"
LR = 0.05
EPOCHS = 3000
SEED = 0
# 채점할 때는 제출한 노트북의 모든 셀이 함께 15초 안에 실행되어야 하므로, 학습은 이 시간에서 멈춥니다.
# When graded, all the cells of a submitted notebook must run within 15 s together, so training
# stops after this many seconds.
TIME_BUDGET_S = 8.0


def skip_note(part, exc):
    """그리지 못한 부분을 알리고 그래프 아래에 쓸 한 줄을 돌려줍니다.
    Say which part could not be drawn, and why; return the line to write under the plot."""
    if isinstance(exc, NotImplementedError):
        print(f"{part}: 아직 구현하지 않은 함수가 있어 건너뜁니다 / skipped: not implemented yet")
        return f"{part}: not implemented yet"
    print(f"{part}: 그리지 못했습니다 / could not draw it: {exc!r}")
    return f"{part}: error ({type(exc).__name__})"


if wave_x is None:
    print("데이터가 없어 학습하지 않습니다 / no data, so no training and no plot")
else:
    fig, (ax_fit, ax_loss) = plt.subplots(1, 2, figsize=(11, 4))
    notes = []  # 그리지 못한 부분 / the parts that could not be drawn
    x_line = np.linspace(-3.2, 3.2, 200).reshape(-1, 1)
    ax_fit.scatter(wave_x[:, 0], wave_y[:, 0], s=12, label="data (synthetic)")

    # 비교: 첫 과제의 직선 (최소제곱 해) / for comparison: the best straight line (least squares)
    slope, intercept = np.polyfit(wave_x[:, 0], wave_y[:, 0], 1)
    line_mse = float(np.mean((wave_y[:, 0] - (intercept + slope * wave_x[:, 0])) ** 2))
    print(f"참고: 가장 잘 맞는 직선의 MSE / the best straight line's MSE: {line_mse:.4f}")
    ax_fit.plot(
        x_line[:, 0],
        intercept + slope * x_line[:, 0],
        color="green",
        linestyle="--",
        label="best straight line",
    )
    ax_loss.axhline(line_mse, color="green", linestyle="--", label="best straight line")

    # 1) 학습 전의 신경망: forward 가 필요합니다 / the network before training: needs forward
    params_start = init_params(LAYER_SIZES, seed=SEED)
    try:
        ax_fit.plot(
            x_line[:, 0],
            np.ravel(forward(x_line, params_start, ACTIVATION)[0]),
            color="gray",
            linestyle=":",
            label="network before training",
        )
    except Exception as exc:
        notes.append(skip_note("network before training (forward)", exc))

    # 2) 학습: forward, mse_loss, train_step (그 안의 backward) 가 필요합니다
    #    Training: needs forward, mse_loss and train_step (and the backward it calls)
    try:
        params_fit = params_start
        losses = []
        start = time.perf_counter()
        with np.errstate(over="ignore", invalid="ignore"):
            for _ in range(EPOCHS):
                losses.append(mse_loss(wave_y, forward(wave_x, params_fit, ACTIVATION)[0]))
                if not losses[-1] < 1e12:  # 발산 (inf, nan 포함) / diverged (also inf, nan)
                    print("손실이 발산합니다 (LR 이 너무 큼?) / the loss diverges (LR too big?)")
                    break
                if time.perf_counter() - start > TIME_BUDGET_S:
                    print(
                        f"{TIME_BUDGET_S:g}초가 지나 학습을 멈춥니다 / stopped after {TIME_BUDGET_S:g} s"
                    )
                    break
                params_fit = train_step(wave_x, wave_y, params_fit, lr=LR, activation=ACTIVATION)
            else:
                losses.append(mse_loss(wave_y, forward(wave_x, params_fit, ACTIVATION)[0]))
        elapsed = time.perf_counter() - start
        print(f"학습 시간 / training time: {elapsed:.2f} s ({len(losses) - 1} steps)")
        print(f"MSE: 처음 / first {losses[0]:.4f} -> 마지막 / last {losses[-1]:.4f}")
        ax_fit.plot(
            x_line[:, 0],
            np.ravel(forward(x_line, params_fit, ACTIVATION)[0]),
            color="red",
            label=f"network {LAYER_SIZES}",
        )
        ax_loss.plot(np.arange(len(losses)), losses, label="network")
    except Exception as exc:
        notes.append(
            skip_note("trained network and loss curve (forward, mse_loss, train_step)", exc)
        )

    ax_fit.set_xlabel("x")
    ax_fit.set_ylabel("y")
    ax_fit.set_title("wave.csv")
    ax_fit.legend(fontsize=8)
    ax_loss.set_yscale("log")
    ax_loss.set_xlabel("step")
    ax_loss.set_ylabel("MSE (log scale)")
    ax_loss.set_title(f"loss, {ACTIVATION}, lr = {LR}")
    ax_loss.legend(fontsize=8)
    # 그리지 못한 부분은 그래프 아래에 적습니다 / the parts not drawn are listed under the plot
    if notes:
        fig.text(0.01, 0.01, "\n".join(notes), color="dimgray", fontsize=9, va="bottom")
        fig.tight_layout(rect=(0.0, 0.06 * len(notes), 1.0, 1.0))
    else:
        fig.tight_layout()
    plt.show()

# %% [markdown]
# ## 13. 마무리
#
# 여러분은 심층 신경망의 학습을 처음부터 끝까지 직접 구현했습니다. 순전파로 예측하고, 손실을
# 계산하고, 역전파로 오차를 한 층씩 뒤로 보내 모든 가중치의 기울기를 구하고, 첫 과제와 같은 경사
# 하강법으로 갱신했습니다. PyTorch 나 TensorFlow 같은 프레임워크는 `backward` 를 여러분 대신 자동으로
# 만들어 줍니다 (자동 미분). 하지만 그 안에서 일어나는 일은 여러분이 방금 쓴 연쇄 법칙 그대로이고,
# 결과가 의심스러울 때는 오늘처럼 수치 미분으로 확인할 수 있습니다.
#
# **English**
#
# You have implemented the training of a deep network from start to finish: predict with forward
# propagation, compute the loss, send the error backwards one layer at a time to get every
# weight's gradient, and update with the same gradient descent as in the first exercise.
# Frameworks such as PyTorch and TensorFlow build `backward` for you automatically (automatic
# differentiation), but what happens inside is the same chain rule you just wrote, and when a
# result looks suspicious you can check it with finite differences, as you did today.
