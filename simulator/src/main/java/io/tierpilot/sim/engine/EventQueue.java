package io.tierpilot.sim.engine;

/**
 * The simulator's future event list: a binary min-heap ordered by time, then by insertion order, so
 * that simultaneous events run in the order they were scheduled (deterministic ties). Events are an
 * {@code int} kind and an object payload; the heap keeps them in parallel arrays and allocates only
 * when it grows. Not thread-safe.
 */
public final class EventQueue {
  private long[] times = new long[64];
  private long[] seqs = new long[64];
  private int[] kinds = new int[64];
  private Object[] payloads = new Object[64];
  private int size;
  private long nextSeq;

  /** Schedules an event. */
  public void add(long timeNanos, int kind, Object payload) {
    if (size == times.length) {
      grow();
    }
    int i = size++;
    long seq = nextSeq++;
    // sift up
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (less(times[parent], seqs[parent], timeNanos, seq)) {
        break;
      }
      move(parent, i);
      i = parent;
    }
    set(i, timeNanos, seq, kind, payload);
  }

  /** Returns whether no event is scheduled. */
  public boolean isEmpty() {
    return size == 0;
  }

  /** Returns the number of scheduled events. */
  public int size() {
    return size;
  }

  /** Returns the time of the earliest event; {@code Long.MAX_VALUE} if none. */
  public long peekTime() {
    return size == 0 ? Long.MAX_VALUE : times[0];
  }

  /** Returns the kind of the earliest event. Only valid when not empty. */
  public int peekKind() {
    return kinds[0];
  }

  /** Returns the payload of the earliest event. Only valid when not empty. */
  public Object peekPayload() {
    return payloads[0];
  }

  /** Removes the earliest event. Only valid when not empty. */
  public void poll() {
    int last = --size;
    long t = times[last];
    long s = seqs[last];
    int k = kinds[last];
    Object p = payloads[last];
    payloads[last] = null;
    int i = 0;
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && less(times[right], seqs[right], times[child], seqs[child])) {
        child = right;
      }
      if (less(t, s, times[child], seqs[child])) {
        break;
      }
      move(child, i);
      i = child;
    }
    if (size > 0) {
      set(i, t, s, k, p);
    }
  }

  private static boolean less(long t1, long s1, long t2, long s2) {
    return t1 < t2 || (t1 == t2 && s1 < s2);
  }

  private void move(int from, int to) {
    times[to] = times[from];
    seqs[to] = seqs[from];
    kinds[to] = kinds[from];
    payloads[to] = payloads[from];
  }

  private void set(int i, long t, long s, int k, Object p) {
    times[i] = t;
    seqs[i] = s;
    kinds[i] = k;
    payloads[i] = p;
  }

  private void grow() {
    int n = times.length * 2;
    times = java.util.Arrays.copyOf(times, n);
    seqs = java.util.Arrays.copyOf(seqs, n);
    kinds = java.util.Arrays.copyOf(kinds, n);
    payloads = java.util.Arrays.copyOf(payloads, n);
  }
}
