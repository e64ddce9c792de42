"""The benchmark tables' row labels in the translated editions of the website.

The benchmarks name their rows in English (``benchmarks/speed_table.py``: the same rows are printed
by ``make bench``). A translated page shows them translated: each label is matched against the
patterns below, first match wins. A label that no pattern matches stops the build with its text,
so a new row cannot appear untranslated.

Example:
    >>> translate("(c) course: training time of 8 epochs, over seeds", "zh_CN")
    '（c）本课程：训练 8 轮的时间（所有随机种子的中位数）'
    >>> translate("peak learning rate 4e-3", "zh_CN")
    '峰值学习率 4e-3'
    >>> translate("(c) course: median test accuracy, seeds 0-9", "zh_CN")
    '（c）本课程：随机种子 0～9 的测试准确率中位数'
"""

from __future__ import annotations

import re

ZH_CN = [
    # The benchmark's summary (the performance page's first table).
    (
        r"\(a\) tutorial: seconds per epoch of ([\d,]+) images, fastest of each run",
        r"（a）教程：每轮用时（一轮 \1 张图像，取每次运行中最快的一轮）",
    ),
    (r"\(a\) tutorial: test accuracy after epochs (\d+), (\d+)", r"（a）教程：第 \1、\2 轮后的测试准确率"),
    (
        r"\(b\) tutorial, batches indexed from one tensor: seconds per epoch of ([\d,]+) images, fastest of each run",
        r"（b）教程，按索引从一个张量中取批量：每轮用时（一轮 \1 张图像，取每次运行中最快的一轮）",
    ),
    (
        r"\(c\) course: seconds per epoch of ([\d,]+) images, fastest of each run",
        r"（c）本课程：每轮用时（一轮 \1 张图像，取每次运行中最快的一轮）",
    ),
    (
        r"\(c\) course: training time of (\d+) epochs?, over seeds",
        r"（c）本课程：训练 \1 轮的时间（所有随机种子的中位数）",
    ),
    (
        r"\(c\) course: training time until an epoch first ends at ([\d.]+%) validation accuracy",
        r"（c）本课程：到验证准确率首次达到 \1 为止的训练时间（在每轮结束时检查）",
    ),
    (r"\(c\) course: lowest test accuracy, seeds (\S+)", r"（c）本课程：随机种子 \1 中最低的测试准确率"),
    (r"\(c\) course: median test accuracy, seeds (\S+)", r"（c）本课程：随机种子 \1 的测试准确率中位数"),
    (r"\(c\) course: highest test accuracy, seeds (\S+)", r"（c）本课程：随机种子 \1 中最高的测试准确率"),
    (
        r"\(d\) course recipe on the tutorial's model: seconds per epoch of ([\d,]+) images, fastest of each run",
        r"（d）在教程的模型上用本课程的配方：每轮用时（一轮 \1 张图像，取每次运行中最快的一轮）",
    ),
    (r"\(a\) / \(([bcd])\), time per image: fastest epochs", r"（a）/（\1）：每张图像的用时之比（按最快一轮）"),
    (r"\(e\) matrix-product FLOP per image, forward \+ backward", "（e）每张图像的矩阵乘法 FLOP（前向 + 反向）"),
    (
        r"\(e\) matmul throughput, the (\d+) products of one step at batch (\d+), over seeds",
        r"（e）矩阵乘法吞吐量：批量大小为 \2 时，一个训练步中的 \1 个矩阵乘法（所有随机种子的中位数）",
    ),
    (r"\(e\) compute lower bound of one course epoch", "（e）本课程一轮的计算下界"),
    (
        r"\(c\) / \(e\): fastest course epoch / lower bound, over seeds",
        "（c）/（e）：本课程最快一轮的用时 / 下界（所有随机种子的中位数）",
    ),
    (r"not reached", "未达到"),
    # Where one profiled epoch spends its time.
    (r"matrix products \(mm, addmm\)", "矩阵乘法（mm、addmm）"),
    (
        r"outside operators \(Python, autograd engine, scheduler, profiler\)",
        "算子之外（Python、自动求导引擎、学习率调度器、性能分析器）",
    ),
    (r"random shifts \(pad, cut one window per image\)", "随机平移（填充后每张图像裁出一个窗口）"),
    (r"batch gather \(indexing\)", "取出批量（索引）"),
    (r"optimizer update \(fused AdamW\)", "优化器更新（融合实现的 AdamW）"),
    (r"other operators", "其他算子"),
    (r"ReLU, forward and backward", "ReLU，前向与反向"),
    (r"loss: log-softmax and NLL, forward and backward", "损失：log-softmax 与 NLL，前向与反向"),
    (r"bias gradients \(sum over the batch\)", "偏置的梯度（对批量求和）"),
    (r"copies \(aten::copy_\)", "复制（aten::copy_）"),
    (r"the whole profiled epoch", "做性能分析的这一轮（合计）"),
    # The recipe sweep's variants.
    (r"the recipe", "本课程的配方"),
    (r"peak learning rate (\S+)", r"峰值学习率 \1"),
    (r"constant learning rate (\S+), no schedule", r"固定学习率 \1，不用学习率调度"),
    (r"no label smoothing", "不用标签平滑"),
    (r"no random shifts", "不用随机平移"),
    (r"random shifts of up to (\d+) pixels?", r"随机平移最多 \1 个像素"),
    (r"(\d+) epochs?", r"训练 \1 轮"),
]
LABELS = {"zh_CN": ZH_CN}


def chinese_numbers(text: str) -> str:
    """Return Chinese text with its numbers written as book/chinese-style.md asks.

    A large round count takes 万 (rule 3: 6 万张, as the pages write it), and a range of numbers takes ～
    (0～9, as the pages write it) instead of the English hyphen. Learning rates such as 4e-3 keep their hyphen.

    >>> chinese_numbers("一轮 55,000 张图像，随机种子 0-9，学习率 4e-3")
    '一轮 5.5 万张图像，随机种子 0～9，学习率 4e-3'
    """

    def wan(match: re.Match) -> str:
        number = int(match[1].replace(",", ""))
        return f"{number / 10_000:g} 万" if number >= 10_000 and number % 1_000 == 0 else match[0]

    text = re.sub(r"(?<![\d.])(\d{1,3}(?:,\d{3})+) (?=[\u4e00-\u9fff])", wan, text)
    return re.sub(r"(?<=\d)-(?=\d)", "～", text)


#: Each edition's way of writing numbers, applied to every translated label.
NUMBERS = {"zh_CN": chinese_numbers}


def translate(label: str, edition: str) -> str:
    """Return a benchmark table's label in the edition's language; raise ValueError when none matches."""
    for pattern, replacement in LABELS[edition]:
        if re.fullmatch(pattern, label):
            return NUMBERS[edition](re.sub(f"^{pattern}$", replacement, label))
    raise ValueError(
        f"the benchmark label {label!r} has no {edition} translation: add a pattern to book/table_labels.py"
    )
