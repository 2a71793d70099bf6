"""What the Hugging Face Trainer hands a callback, as plain objects and dicts, and a driver calling its hooks in order."""

import types

LABELS = ["MERCHANT_NAME", "DATE", "TOTAL"]


def trainer_args(epochs=3):
    args = types.SimpleNamespace(run_name="layoutlm-test", num_train_epochs=epochs, learning_rate=5e-5, output_dir="/tmp/out")
    args.to_dict = lambda: {"run_name": args.run_name, "num_train_epochs": epochs, "learning_rate": 5e-5, "output_dir": "/tmp/out"}
    return args


def model():
    config = types.SimpleNamespace(to_dict=lambda: {"model_type": "layoutlm", "num_labels": 7, "id2label": {"0": "O"}})
    return types.SimpleNamespace(config=config)


def eval_metrics(epoch, f1):
    """What Trainer.evaluate() hands on_evaluate with a compute_metrics that flattens per-label scores."""
    metrics = {"eval_loss": 1.0 / epoch, "eval_f1": f1, "eval_precision": f1 + 0.02, "eval_recall": f1 - 0.02,
               "eval_runtime": 3.2, "eval_samples_per_second": 31.25, "eval_steps_per_second": 3.9, "epoch": float(epoch)}
    for i, label in enumerate(LABELS):
        metrics["eval_label_%s_f1" % label] = 0.0 if label == "TOTAL" else round(f1 - i * 0.05, 4)
        metrics["eval_label_%s_precision" % label] = 0.5
        metrics["eval_label_%s_recall" % label] = 0.25
        metrics["eval_label_%s_support" % label] = 10 + i
    return metrics


class Run:
    """Drives a callback as the Trainer does: begin, per epoch two logging steps and an evaluation, the summary, end."""

    def __init__(self, callback, epochs=3):
        self.callback = callback
        self.args = trainer_args(epochs)
        self.state = types.SimpleNamespace(global_step=0, epoch=0.0, total_flos=1.5e15, best_model_checkpoint="s3://b/ckpt-200")
        self.control = types.SimpleNamespace(should_training_stop=False)

    def begin(self):
        self.callback.on_train_begin(self.args, self.state, self.control, model=model())

    def epoch(self, epoch, f1, eval_loss=None):
        for half in (1, 2):
            self.state.global_step += 50
            self.state.epoch = epoch - 1 + half / 2
            self.callback.on_log(self.args, self.state, self.control, logs={"loss": 1.0 / self.state.global_step * 40, "learning_rate": 5e-5 / epoch, "epoch": self.state.epoch})
        metrics = eval_metrics(epoch, f1)
        if eval_loss is not None:
            metrics["eval_loss"] = eval_loss
        self.callback.on_evaluate(self.args, self.state, self.control, metrics=metrics)

    def end(self):
        self.callback.on_log(self.args, self.state, self.control, logs={"train_runtime": 123.4, "train_samples_per_second": 9.9, "total_flos": 1.5e15, "train_loss": 0.4, "epoch": self.state.epoch})
        self.callback.on_train_end(self.args, self.state, self.control)
