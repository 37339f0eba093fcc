package io.tierpilot.sim.cli;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on standard error that appears only once a run has taken more than two seconds:
 * short runs print nothing. Not on a terminal, it prints a plain line every 15 seconds.
 * Thread-safe: simulations report from worker threads.
 */
final class Progress implements LongConsumer, AutoCloseable {
  private static final long SHOW_AFTER_NANOS = 2_000_000_000L;
  private final long startNanos = System.nanoTime();
  private final AtomicLong done = new AtomicLong();
  private final String task;
  private final long total;
  private ProgressBar bar;
  private boolean closed;

  /**
   * @param task what is running
   * @param total expected units, or -1 if unknown
   */
  Progress(String task, long total) {
    this.task = task;
    this.total = total;
  }

  @Override
  public void accept(long delta) {
    long now = done.addAndGet(delta);
    if (System.nanoTime() - startNanos < SHOW_AFTER_NANOS) {
      return;
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      if (bar == null) {
        // on a terminal one line redrawn twice a second; into a file or a pipe (a CI log) a plain
        // line every 15 seconds instead of carriage returns
        boolean terminal = System.console() != null;
        bar =
            new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" requests", 1)
                .setUpdateIntervalMillis(terminal ? 500 : 15_000)
                .continuousUpdate()
                .setConsumer(
                    terminal
                        ? new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)
                        : new me.tongfei.progressbar.DelegatingProgressBarConsumer(
                            System.err::println, 100))
                .build();
      }
      bar.stepTo(now);
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (bar != null) {
      bar.close();
    }
  }
}
