# %% [markdown]
# # 경사 하강법으로 직선 학습하기
#
# 딥러닝 모델은 어떻게 "배울까요?" 이 노트북에서는 가장 단순한 모델인 직선
# $f(x) = w_0 + w_1 x$ 를 직접 학습시키면서 그 원리를 손으로 구현해 봅니다.
# 데이터는 학생 40명의 공부 시간($x$)과 시험 점수($y$)입니다 (실제 학생이 아닌 합성 데이터).
#
# **학습 목표**
#
# 1. 학습이란 **손실 함수를 최적화 알고리즘으로 최소화하는 것**임을 이해한다.
# 2. 평균 제곱 오차(MSE)를 계산한다.
# 3. 편미분과 기울기(gradient)의 뜻을 알고, 직선 모델의 두 편미분을 구한다.
# 4. 갱신 규칙 $W_{t+1} = W_t - \alpha \nabla \mathrm{Loss}(W_t)$ 로 경사 하강법을 구현한다.
#
# **할 일**: `mse`, `partial_w0`, `partial_w1`, `gradient_descent` 네 함수를 완성합니다.
# 각 함수의 `raise NotImplementedError` 줄을 지우고 코드를 쓰세요. `predict` 는 이미 주어져
# 있습니다. 위에서부터 차례로 셀을 실행하세요.
#
# **English**
#
# How does a deep-learning model "learn"? In this notebook you train the simplest possible
# model, the line $f(x) = w_0 + w_1 x$, and implement every step by hand. The data are the
# hours studied ($x$) and exam scores ($y$) of 40 students (synthetic, not real students).
#
# Goals: (1) understand that learning means **minimising a loss function with an optimisation
# algorithm**; (2) compute the mean squared error (MSE); (3) understand partial derivatives and
# the gradient, and derive the two partials for the line; (4) implement gradient descent with
# the update rule $W_{t+1} = W_t - \alpha \nabla \mathrm{Loss}(W_t)$.
#
# Your task: complete the four functions `mse`, `partial_w0`, `partial_w1` and
# `gradient_descent`. In each one, delete the `raise NotImplementedError` line and write your
# code. `predict` is given. Run the cells from top to bottom.
#
# <!--
# ruff: noqa: F821
# The line above is for the linter only: in this source file the functions are filled in by
# the notebook generator from the [function] cells, so their names look undefined here. In
# the notebook this whole block is an invisible HTML comment.
# -->

# %%
# 준비: 라이브러리와 데이터 불러오기 / Setup: libraries and data
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np

# 저장소 안(assignments/gradient_descent/)과 배포본(노트북 옆 data/) 모두에서 찾습니다.
# Look for the data both in the repository and next to the notebook in the student release.
# 데이터 이름은 일부러 x, y 가 아닌 hours, scores 입니다: 함수 안에서는 인자 x, y 만 쓰세요.
# The data are deliberately named hours, scores (not x, y): inside functions use only the
# arguments x, y.
DATA_CANDIDATES = [Path("data/study_hours.csv"), Path("../../data/study_hours.csv")]
data_path = next((p for p in DATA_CANDIDATES if p.exists()), None)
if data_path is None:
    hours = scores = None
    print("data/study_hours.csv 를 찾지 못했습니다. 노트북 옆의 data/ 폴더에 두세요.")
    print("data/study_hours.csv not found; put it in a data/ folder next to this notebook.")
else:
    data = np.loadtxt(data_path, delimiter=",", skiprows=1)
    hours, scores = data[:, 0], data[:, 1]  # 입력 x / input x, 정답 y / target y
    print(f"{data_path}: 학생 {len(hours)}명 / {len(hours)} students")
    print("처음 3명 (시간, 점수) / first 3 (hours, score):", data[:3].tolist())

# %% [markdown]
# ## 1. 손실과 최적화
#
# 모델 $f(x) = w_0 + w_1 x$ 에서 $w_0$(절편)와 $w_1$(기울기)을 **가중치(weight)** 라고 합니다.
# 가중치가 달라지면 직선이 달라지고, 예측도 달라집니다. 어떤 가중치가 "좋은지" 판단하려면
# 예측이 정답에서 얼마나 벗어났는지를 숫자 하나로 나타내는 **손실 함수(loss)** 가 필요합니다.
#
# 그러면 학습은 다음 한 문장으로 정리됩니다.
#
# > **학습 = 손실을 가장 작게 만드는 가중치를 최적화 알고리즘으로 찾는 것**
#
# 이 노트북의 손실은 평균 제곱 오차(MSE), 최적화 알고리즘은 경사 하강법입니다. 가중치가
# 수백만 개인 심층 신경망도 원리는 똑같습니다.
#
# **English**
#
# In $f(x) = w_0 + w_1 x$ the numbers $w_0$ (intercept) and $w_1$ (slope) are the model's
# **weights**. Different weights give a different line and different predictions. To judge which
# weights are "good" we need a **loss function**: one number that says how far the predictions
# are from the true answers. Learning is then: **find the weights that make the loss as small as
# possible, using an optimisation algorithm.** Here the loss is the mean squared error (MSE) and
# the algorithm is gradient descent. Deep networks with millions of weights work the same way.

# %% [markdown]
# ## 2. 갱신 규칙
#
# 경사 하강법은 안개 낀 산에서 가장 낮은 곳을 찾아 내려가는 것과 비슷합니다. 멀리는 보이지
# 않지만, 발밑의 경사는 알 수 있습니다. 그래서 **가장 가파르게 올라가는 방향의 반대쪽**으로
# 조금씩 걸어갑니다.
#
# $$W_{t+1} = W_t - \alpha \nabla \mathrm{Loss}(W_t)$$
#
# - $W_t$: $t$ 번째 단계의 가중치 $(w_0, w_1)$
# - $\nabla \mathrm{Loss}(W_t)$: 손실의 기울기(gradient). 손실이 가장 빨리 커지는 방향입니다.
#   그래서 **빼기**를 합니다.
# - $\alpha$: **학습률(learning rate)**. 한 걸음의 크기입니다. 너무 작으면 아주 느리게
#   내려가고, 너무 크면 골짜기를 지나쳐 오히려 손실이 폭발적으로 커질 수 있습니다.
#
# 이 한 걸음을 여러 번(`n_iters` 번) 반복하는 것이 경사 하강법입니다.
#
# **English**
#
# Gradient descent is like walking down a mountain in fog: you cannot see the valley, but you
# can feel the slope under your feet, so you take a small step in the direction **opposite to
# the steepest ascent**:
#
# $$W_{t+1} = W_t - \alpha \nabla \mathrm{Loss}(W_t)$$
#
# $W_t$ are the weights $(w_0, w_1)$ at step $t$; $\nabla \mathrm{Loss}(W_t)$ is the gradient
# of the loss, the direction in which the loss grows fastest, which is why we **subtract** it;
# $\alpha$ is the **learning rate**, the size of a step. Too small and learning is very slow;
# too large and the steps overshoot the valley and the loss can blow up. Gradient descent
# repeats this step `n_iters` times.

# %% [markdown]
# ## 3. 예측 함수 `predict` (주어짐)
#
# 가중치와 입력으로 예측값 $\hat{y} = w_0 + w_1 x$ 를 계산합니다. 채점하지 않는 함수이며,
# 아래 그래프 셀에서 사용합니다.
#
# **English**
#
# Computes the prediction $\hat{y} = w_0 + w_1 x$ from the weights and the input. It is given
# to you, not graded, and used by the plotting cell below.

# %% [function] predict

# %% [markdown]
# ## 4. 평균 제곱 오차 (MSE)
#
# $$\mathrm{MSE} = \frac{1}{N} \sum_{i=1}^{N} (y_i - \hat{y}_i)^2$$
#
# 각 데이터의 오차 $y_i - \hat{y}_i$ 를 제곱해서 평균을 냅니다. 제곱을 하면 (1) 양의 오차와
# 음의 오차가 서로 지워지지 않고, (2) 큰 오차가 더 크게 벌을 받으며, (3) 미분하기 쉽습니다.
#
# **작은 예**: $y = [1, 2, 3]$, $\hat{y} = [1, 2, 5]$ 이면 오차는 $[0, 0, -2]$, 제곱은
# $[0, 0, 4]$, 평균은 $4/3 \approx 1.333$ 입니다.
#
# **과제**: `mse(y, y_pred)` 가 MSE 를 숫자 하나(float)로 돌려주도록 완성하세요.
#
# **English**
#
# Square each error $y_i - \hat{y}_i$ and take the mean. Squaring (1) stops positive and
# negative errors from cancelling, (2) punishes large errors more, and (3) is easy to
# differentiate. Tiny example: for $y = [1, 2, 3]$ and $\hat{y} = [1, 2, 5]$ the errors are
# $[0, 0, -2]$, the squares $[0, 0, 4]$, and the mean $4/3 \approx 1.333$.
#
# Task: complete `mse(y, y_pred)` so that it returns the MSE as a single number (float).

# %% [function] mse

# %%
# 손으로 계산한 값과 비교해 보세요 / Compare with the value computed by hand: 4/3 ≈ 1.333
try:
    value = mse(np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 5.0]))
    print("mse =", value, "(기대 / expected 1.333)")
except NotImplementedError:
    print("mse: 아직 구현하지 않았습니다 / not implemented yet")

# %% [markdown]
# ## 5. 편미분
#
# 손실은 $w_0$ 와 $w_1$, 두 변수의 함수입니다. 변수가 여러 개인 함수는 **편미분**으로
# 미분합니다. 편미분은 **한 변수에 대해서만 미분하고, 나머지 변수는 상수로 고정**하는 것입니다.
#
# **예**: $f(x, y) = 2x^2 + y$
#
# - $x$ 에 대한 편미분: $y$ 를 상수로 봅니다. $2x^2$ 의 미분은 $4x$, 상수 $y$ 의 미분은 0 이므로
#   $\dfrac{\partial f}{\partial x} = 4x$
# - $y$ 에 대한 편미분: $x$ 를 상수로 봅니다. $2x^2$ 은 상수라 0, $y$ 의 미분은 1 이므로
#   $\dfrac{\partial f}{\partial y} = 1$
#
# 예를 들어 점 $(x, y) = (1, 3)$ 에서 $x$ 방향 기울기는 $4$, $y$ 방향 기울기는 $1$ 입니다.
# 편미분은 "다른 변수는 그대로 두고 이 변수만 조금 바꾸면 함수가 얼마나 변하는가"를 알려 줍니다.
#
# **English**
#
# The loss is a function of two variables, $w_0$ and $w_1$. For such functions we use
# **partial derivatives**: differentiate with respect to **one variable while holding all the
# others constant**. Example: $f(x, y) = 2x^2 + y$. With $y$ held constant,
# $\partial f / \partial x = 4x$ (the constant $y$ contributes 0). With $x$ held constant,
# $2x^2$ is a constant, so $\partial f / \partial y = 1$. At $(x, y) = (1, 3)$ the slope is 4 in
# the $x$ direction and 1 in the $y$ direction. A partial derivative tells you how much the
# function changes when you nudge only that one variable.

# %% [markdown]
# ## 6. 기울기 벡터와 직선 모델의 두 편미분
#
# 모든 편미분을 모은 벡터가 **기울기(gradient)** 입니다. 위 예에서는
# $\nabla f = \left(\dfrac{\partial f}{\partial x}, \dfrac{\partial f}{\partial y}\right) = (4x, 1)$
# 입니다. 우리 손실에 대해서는
#
# $$\nabla \mathrm{Loss}(w_0, w_1) = \left(\frac{\partial \mathrm{Loss}}{\partial w_0},
# \frac{\partial \mathrm{Loss}}{\partial w_1}\right)$$
#
# 주의: 학습에서 **변수는 가중치 $w_0, w_1$** 이고, 데이터 $x_i, y_i$ 는 **상수**입니다.
#
# **연쇄 법칙으로 유도하기.** 손실은
# $\mathrm{Loss} = \frac{1}{N} \sum_i e_i^2$, 여기서 $e_i = y_i - (w_0 + w_1 x_i)$ 입니다.
# 연쇄 법칙에 따라 $\dfrac{\partial e_i^2}{\partial w} = 2 e_i \cdot \dfrac{\partial e_i}{\partial w}$
# 이고, $\dfrac{\partial e_i}{\partial w_0} = -1$, $\dfrac{\partial e_i}{\partial w_1} = -x_i$
# 이므로
#
# $$\frac{\partial \mathrm{Loss}}{\partial w_0} = \frac{2}{N} \sum_{i=1}^{N}
# \left(y_i - (w_0 + w_1 x_i)\right) \cdot (-1)$$
#
# $$\frac{\partial \mathrm{Loss}}{\partial w_1} = \frac{2}{N} \sum_{i=1}^{N}
# \left(y_i - (w_0 + w_1 x_i)\right) \cdot (-x_i)$$
#
# **작은 예**: $x = [0, 1, 2]$, $y = [1, 3, 5]$ (정답 직선은 $y = 1 + 2x$).
# $(w_0, w_1) = (0, 0)$ 에서 $e = [1, 3, 5]$ 이므로
# $\partial \mathrm{Loss}/\partial w_0 = \frac{2}{3}(-9) = -6$,
# $\partial \mathrm{Loss}/\partial w_1 = \frac{2}{3}(-(0 + 3 + 10)) = -26/3 \approx -8.667$.
# 정답 직선 $(1, 2)$ 에서는 오차가 모두 0 이라 두 편미분도 0 입니다 (골짜기의 바닥).
#
# **과제**: `partial_w0(w0, w1, x, y)` 를 완성하세요 ($w_1$ 은 상수로 취급).
#
# **English**
#
# The vector of all partial derivatives is the **gradient**; in the example above
# $\nabla f = (4x, 1)$. For our loss it is the pair of partials with respect to $w_0$ and $w_1$,
# as in the formula above. Note that in learning the **variables are the weights** $w_0, w_1$;
# the data $x_i, y_i$ are **constants**.
#
# Derivation with the chain rule: write $\mathrm{Loss} = \frac{1}{N}\sum_i e_i^2$ with
# $e_i = y_i - (w_0 + w_1 x_i)$. The chain rule gives
# $\partial e_i^2 / \partial w = 2 e_i \cdot \partial e_i / \partial w$, and
# $\partial e_i / \partial w_0 = -1$, $\partial e_i / \partial w_1 = -x_i$; putting these
# together gives the two formulas above.
#
# Tiny example: $x = [0, 1, 2]$, $y = [1, 3, 5]$ (the true line is $y = 1 + 2x$). At
# $(w_0, w_1) = (0, 0)$ the errors are $[1, 3, 5]$, so $\partial \mathrm{Loss}/\partial w_0 = -6$
# and $\partial \mathrm{Loss}/\partial w_1 = -26/3 \approx -8.667$. At the true line $(1, 2)$
# every error is 0, so both partials are 0: the bottom of the valley.
#
# Task: complete `partial_w0(w0, w1, x, y)` (hold $w_1$ constant).

# %% [function] partial_w0

# %%
x_small = np.array([0.0, 1.0, 2.0])
y_small = np.array([1.0, 3.0, 5.0])  # y = 1 + 2x
try:
    print("at (0, 0):", partial_w0(0.0, 0.0, x_small, y_small), "(기대 / expected -6)")
    print("at (1, 2):", partial_w0(1.0, 2.0, x_small, y_small), "(기대 / expected 0)")
except NotImplementedError:
    print("partial_w0: 아직 구현하지 않았습니다 / not implemented yet")

# %% [markdown]
# ### `partial_w1`
#
# 이번에는 $w_0$ 를 상수로 두고 $w_1$ 에 대해 미분합니다. `partial_w0` 와 거의 같지만, 각
# 오차에 $(-1)$ 대신 $(-x_i)$ 를 곱한다는 점이 다릅니다.
#
# $$\frac{\partial \mathrm{Loss}}{\partial w_1} = \frac{2}{N} \sum_{i=1}^{N}
# \left(y_i - (w_0 + w_1 x_i)\right) \cdot (-x_i)$$
#
# **과제**: `partial_w1(w0, w1, x, y)` 를 완성하세요.
#
# **English**
#
# Now hold $w_0$ constant and differentiate with respect to $w_1$. It is almost the same as
# `partial_w0`, except that each error is multiplied by $(-x_i)$ instead of $(-1)$.
# Task: complete `partial_w1(w0, w1, x, y)`.

# %% [function] partial_w1

# %%
try:
    print("at (0, 0):", partial_w1(0.0, 0.0, x_small, y_small), "(기대 / expected -8.667)")
    print("at (1, 2):", partial_w1(1.0, 2.0, x_small, y_small), "(기대 / expected 0)")
except NotImplementedError:
    print("partial_w1: 아직 구현하지 않았습니다 / not implemented yet")

# %% [markdown]
# ## 7. 동시 갱신과 경사 하강법
#
# 갱신 규칙 $W_{t+1} = W_t - \alpha \nabla \mathrm{Loss}(W_t)$ 에서 기울기는 **한 점 $W_t$ 에서**
# 계산한 벡터입니다. 그래서 한 단계는 반드시 이 순서로 진행합니다.
#
# 1. 현재 $(w_0, w_1)$ 에서 $g_0 = \partial \mathrm{Loss}/\partial w_0$ 를 계산한다.
# 2. **같은** $(w_0, w_1)$ 에서 $g_1 = \partial \mathrm{Loss}/\partial w_1$ 를 계산한다.
# 3. 그다음에 두 가중치를 **함께** 바꾼다: $w_0 \leftarrow w_0 - \alpha g_0$,
#    $w_1 \leftarrow w_1 - \alpha g_1$.
#
# $w_0$ 를 먼저 바꾼 뒤 그 **새 $w_0$** 로 $w_1$ 의 편미분을 계산하면, $g_1$ 은 $W_t$ 가 아닌
# 다른 점에서 잰 기울기가 됩니다. 이것은 위의 규칙이 아니라 다른 알고리즘이고, 결과 숫자도
# 달라집니다. 위의 작은 예에서 $\alpha = 0.1$ 로 한 단계를 가면 올바른 답은
# $(0.6, 0.8667)$ 이지만, 새 $w_0$ 를 쓰면 $(0.6, 0.7467)$ 이 나옵니다.
#
# **과제**: `gradient_descent(x, y, alpha, n_iters, w0, w1)` 를 완성하세요. 주어진 $(w_0, w_1)$
# 에서 시작해 위의 한 단계를 `n_iters` 번 반복하고 `(w0, w1)` 쌍을 돌려줍니다.
# `n_iters = 0` 이면 시작값을 그대로 돌려줍니다. 앞에서 만든 `partial_w0`, `partial_w1` 을
# 호출해도 됩니다.
#
# **English**
#
# In $W_{t+1} = W_t - \alpha \nabla \mathrm{Loss}(W_t)$ the gradient is one vector measured
# **at one point $W_t$**. So one step is: (1) compute $g_0 = \partial \mathrm{Loss}/\partial w_0$
# at the current $(w_0, w_1)$; (2) compute $g_1 = \partial \mathrm{Loss}/\partial w_1$ at the
# **same** $(w_0, w_1)$; (3) only then update both **together**:
# $w_0 \leftarrow w_0 - \alpha g_0$, $w_1 \leftarrow w_1 - \alpha g_1$.
#
# If you update $w_0$ first and then use the **new $w_0$** to compute $w_1$'s partial, $g_1$ is
# measured at a different point, not at $W_t$. That is a different algorithm, not the rule
# above, and it gives different numbers: in the tiny example, one step with $\alpha = 0.1$ should
# give $(0.6, 0.8667)$, but using the new $w_0$ gives $(0.6, 0.7467)$.
#
# Task: complete `gradient_descent(x, y, alpha, n_iters, w0, w1)`: start at the given
# $(w_0, w_1)$, repeat the step `n_iters` times, and return the pair `(w0, w1)`. With
# `n_iters = 0` return the start unchanged. You may call your own `partial_w0` and `partial_w1`.

# %% [function] gradient_descent

# %%
try:
    one_step = gradient_descent(x_small, y_small, alpha=0.1, n_iters=1)
    print("1 step    :", one_step, "(기대 / expected (0.6, 0.8667))")
    many_steps = gradient_descent(x_small, y_small, alpha=0.1, n_iters=1000)
    print("1000 steps:", many_steps, "(기대 / expected about (1, 2))")
except NotImplementedError:
    print("gradient_descent: 아직 구현하지 않았습니다 / not implemented yet")

# %% [markdown]
# ## 8. 실습
#
# 1. **(채점)** 네 함수를 완성하고, 아래 셀로 공개 검사를 실행하세요. 공개 검사는 간단한 예만
#    확인합니다. 실제 채점은 더 많은 경우를 검사하므로, 모두 통과해도 공식을 다시 확인하세요.
# 2. 그래프 셀을 실행해 직선이 데이터에 맞는지, 손실이 반복할수록 줄어드는지 보세요.
# 3. **(채점 안 함)** 그래프 셀의 `ALPHA` 와 `N_ITERS` 를 바꿔 보세요.
#    - `ALPHA = 0.001`: 2000번 반복해도 아직 멀리 있습니다. 왜 그럴까요?
#    - `ALPHA = 0.03`: 더 빨리 수렴합니다.
#    - `ALPHA = 0.04`: 손실이 폭발합니다. 한 걸음이 너무 크면 어떤 일이 생기는지 설명해 보세요.
#    - `N_ITERS = 100`: 손실 곡선을 보세요. 처음에는 빠르게, 나중에는 천천히 줄어듭니다.
#      직선은 데이터에서 얼마나 벗어나 있나요?
#
# **English**
#
# 1. **(Graded)** Complete the four functions and run the public checks in the next cell.
#    They try only simple examples; the real grading tests many more cases, so re-check your
#    formulas even if everything passes.
# 2. Run the plotting cell: does the line fit the data, and does the loss go down as the
#    iterations go on?
# 3. **(Not graded)** Change `ALPHA` and `N_ITERS` in the plotting cell.
#    - `ALPHA = 0.001`: after 2000 steps the fit is still far off. Why?
#    - `ALPHA = 0.03`: it converges faster.
#    - `ALPHA = 0.04`: the loss blows up. Explain what a step that is too large does.
#    - `N_ITERS = 100`: look at the loss curve: it falls fast at first, then slowly. How far is
#      the line from the data?

# %%
# 공개 검사 (check_public.py 가 이 노트북과 같은 폴더에 있어야 합니다)
# Public checks (check_public.py must be in the same folder as this notebook)
try:
    import check_public

    check_public.run_all(globals())
except Exception as exc:
    print(f"공개 검사를 실행하지 못했습니다 / could not run the public checks: {exc!r}")

# %%
# 데이터와 학습된 직선, 그리고 반복에 따른 손실 그래프
# The data with the fitted line, and the loss against the iteration number.
# 데이터는 언제나 그립니다. 직선과 손실 곡선은 필요한 함수가 동작할 때만 더합니다.
# The data are always drawn; the line and the loss curve are added once the functions they
# need work.
# (그래프 글자는 한글 글꼴이 없어도 보이도록 영어로 씁니다 / plot labels are in English so
#  they render without a Korean font)
ALPHA = 0.01
N_ITERS = 2000


def skip_note(part, exc):
    """그리지 못한 부분을 알리고 그래프 아래에 쓸 한 줄을 돌려줍니다.
    Say which part could not be drawn, and why; return the line to write under the plot."""
    if isinstance(exc, NotImplementedError):
        print(f"{part}: 아직 구현하지 않은 함수가 있어 건너뜁니다 / skipped: not implemented yet")
        return f"{part}: not implemented yet"
    print(f"{part}: 그리지 못했습니다 / could not draw it: {exc!r}")
    return f"{part}: error ({type(exc).__name__})"


if hours is None:
    print("데이터가 없어 그래프를 그리지 않습니다 / no data, so no plot")
else:
    fig, (ax_fit, ax_loss) = plt.subplots(1, 2, figsize=(11, 4))
    notes = []  # 그리지 못한 부분 / the parts that could not be drawn
    ax_fit.scatter(hours, scores, label="students (synthetic)")
    ax_fit.set_xlabel("hours studied (x)")
    ax_fit.set_ylabel("exam score (y)")
    ax_fit.set_title("data")
    ax_loss.set_xlabel("iteration")
    ax_loss.set_ylabel("MSE (log scale)")
    ax_loss.set_title(f"loss, alpha = {ALPHA}")

    # 1) 학습: gradient_descent 를 한 번 호출합니다 / Fit: one call to gradient_descent
    try:
        with np.errstate(over="ignore", invalid="ignore"):
            w0_fit, w1_fit = gradient_descent(hours, scores, alpha=ALPHA, n_iters=N_ITERS)
        w1_ls, w0_ls = np.polyfit(hours, scores, 1)
        print(f"학습 결과 / fitted: w0 = {w0_fit:.5g}, w1 = {w1_fit:.5g}")
        print(f"참고: 최소제곱 해 / least squares (np.polyfit): w0 = {w0_ls:.5g}, w1 = {w1_ls:.5g}")
        x_line = np.linspace(0.0, hours.max() + 0.5, 100)
        ax_fit.plot(x_line, predict(w0_fit, w1_fit, x_line), color="red", label="fitted line")
        ax_fit.set_title(f"f(x) = {w0_fit:.4g} + {w1_fit:.4g} x")
    except Exception as exc:
        notes.append(skip_note("fitted line (gradient_descent)", exc))
    ax_fit.legend()

    # 2) 손실 곡선: n_iters=1 로 한 단계씩 진행하며 매번 MSE 를 기록합니다.
    #    Loss curve: take one step at a time (n_iters=1) and record the MSE after each step.
    try:
        w0_t, w1_t = 0.0, 0.0
        losses = [mse(scores, predict(w0_t, w1_t, hours))]
        with np.errstate(over="ignore", invalid="ignore"):
            for _ in range(N_ITERS):
                w0_t, w1_t = gradient_descent(
                    hours, scores, alpha=ALPHA, n_iters=1, w0=w0_t, w1=w1_t
                )
                losses.append(mse(scores, predict(w0_t, w1_t, hours)))
                if not losses[-1] < 1e12:  # 발산 (inf, nan 포함) / diverged (also inf, nan)
                    print(
                        "손실이 발산합니다 (alpha 가 너무 큼?) / the loss diverges (alpha too big?)"
                    )
                    break
        print(f"MSE: 처음 / first {losses[0]:.5g} -> 마지막 / last {losses[-1]:.5g}")
        ax_loss.plot(np.arange(len(losses)), losses, label="loss")
        ax_loss.set_yscale("log")
    except Exception as exc:
        notes.append(skip_note("loss curve (mse, gradient_descent)", exc))

    # 그리지 못한 부분은 그래프 아래에 적습니다 / the parts not drawn are listed under the plot
    if notes:
        fig.text(0.01, 0.01, "\n".join(notes), color="dimgray", fontsize=9, va="bottom")
        fig.tight_layout(rect=(0.0, 0.06 * len(notes), 1.0, 1.0))
    else:
        fig.tight_layout()
    plt.show()

# %% [markdown]
# ## 9. 마무리: 역전파
#
# 우리 모델에는 가중치가 두 개뿐이라 편미분을 손으로 유도할 수 있었습니다. 층이 많고 가중치가
# 수백만 개인 심층 신경망에서는 불가능합니다. 그래서 딥러닝은 **역전파(backpropagation)** 를
# 씁니다. 역전파는 출력의 손실에서 시작해 층을 거꾸로 지나가며 **연쇄 법칙**을 차례로 적용해,
# 모든 가중치의 편미분(즉 기울기)을 한 번의 역방향 계산으로 구합니다. PyTorch 나 TensorFlow
# 같은 프레임워크는 이것을 자동으로 해 주고(자동 미분), 그 기울기로 여러분이 구현한 것과
# 같은 갱신 규칙 $W \leftarrow W - \alpha \nabla \mathrm{Loss}(W)$ 를 적용합니다.
# 여러분이 구한 두 편미분은, 이 작은 모델에 역전파를 적용했을 때 나오는 바로 그 값입니다.
#
# **English**
#
# Our model has only two weights, so we could derive the partial derivatives by hand. That is
# impossible for a deep network with many layers and millions of weights, so deep learning uses
# **backpropagation**: starting from the loss at the output, it walks backwards through the
# layers applying the **chain rule** step by step, and obtains the partial derivatives of all the
# weights (the gradient) in one backward pass. Frameworks such as PyTorch and TensorFlow do this
# automatically (automatic differentiation) and then apply the same update rule you implemented,
# $W \leftarrow W - \alpha \nabla \mathrm{Loss}(W)$. The two partials you derived are exactly
# what backpropagation would compute for this tiny model.
