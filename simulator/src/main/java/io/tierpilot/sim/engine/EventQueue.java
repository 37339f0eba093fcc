package io.tierpilot.sim.engine;

/**
 * The simulator's future event list, ordered by time, then by insertion order, so that simultaneous
 * events run in the order they were scheduled (deterministic ties). Events are an {@code int} kind
 * and an object payload.
 *
 * <p>Two stores hold them: a binary min-heap for events scheduled at arbitrary times, and FIFO
 * <em>lanes</em> for streams of events whose times never decrease in scheduling order (a fleet's
 * next background arrival; its Flex expiries, each a fixed wait after its enqueueing). A lane costs
 * O(1) per event where the heap costs O(log n), and keeps those events out of the heap. Every event
 * takes its sequence number from one counter and the earliest is chosen across the heap's top and
 * the lanes' heads by (time, sequence), so the order of events is exactly the order one heap would
 * give. An event added to a lane earlier than the lane's last goes to the heap instead, which keeps
 * the order exact. Storage is parallel arrays that allocate only when they grow. Not thread-safe.
 */
public final class EventQueue {
  private static final int HEAP = -1;
  private static final int UNKNOWN = -2;

  private long[] times = new long[64];
  private long[] seqs = new long[64];
  private int[] kinds = new int[64];
  private Object[] payloads = new Object[64];
  private int size;
  private long nextSeq;
  private Lane[] lanes = new Lane[0];
  private int laneEvents;
  // where the earliest event is (HEAP or a lane index), or UNKNOWN until looked up again
  private int earliest = UNKNOWN;

  /** Schedules an event. */
  public void add(long timeNanos, int kind, Object payload) {
    push(timeNanos, nextSeq++, kind, payload);
    earliest = UNKNOWN;
  }

  /**
   * Schedules an event in a lane: a stream of events whose times never decrease in the order they
   * are added. Lanes are numbered from 0 and exist once used.
   *
   * @param lane the lane, {@code >= 0}
   */
  public void addToLane(int lane, long timeNanos, int kind, Object payload) {
    if (lane >= lanes.length) {
      Lane[] grown = java.util.Arrays.copyOf(lanes, lane + 1);
      for (int i = lanes.length; i <= lane; i++) {
        grown[i] = new Lane();
      }
      lanes = grown;
    }
    Lane l = lanes[lane];
    if (l.size > 0 && timeNanos < l.lastTime) {
      add(timeNanos, kind, payload); // out of order for the lane: the heap keeps the order exact
      return;
    }
    l.offer(timeNanos, nextSeq++, kind, payload);
    laneEvents++;
    earliest = UNKNOWN;
  }

  /** Returns whether no event is scheduled. */
  public boolean isEmpty() {
    return size + laneEvents == 0;
  }

  /** Returns the number of scheduled events. */
  public int size() {
    return size + laneEvents;
  }

  /** Returns the time of the earliest event; {@code Long.MAX_VALUE} if none. */
  public long peekTime() {
    int e = earliest();
    if (e == HEAP) {
      return size == 0 ? Long.MAX_VALUE : times[0];
    }
    Lane l = lanes[e];
    return l.times[l.head];
  }

  /** Returns the kind of the earliest event. Only valid when not empty. */
  public int peekKind() {
    int e = earliest();
    if (e == HEAP) {
      return kinds[0];
    }
    Lane l = lanes[e];
    return l.kinds[l.head];
  }

  /** Returns the payload of the earliest event. Only valid when not empty. */
  public Object peekPayload() {
    int e = earliest();
    if (e == HEAP) {
      return payloads[0];
    }
    Lane l = lanes[e];
    return l.payloads[l.head];
  }

  /**
   * Returns the lane of the earliest event, or -1 if it is in the heap. Only valid when not empty.
   */
  public int peekLane() {
    return earliest();
  }

  /** Removes the earliest event. Only valid when not empty. */
  public void poll() {
    int e = earliest();
    earliest = UNKNOWN;
    if (e != HEAP) {
      lanes[e].remove();
      laneEvents--;
      return;
    }
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

  private int earliest() {
    int e = earliest;
    if (e != UNKNOWN) {
      return e;
    }
    e = HEAP;
    long t = size == 0 ? Long.MAX_VALUE : times[0];
    long s = size == 0 ? Long.MAX_VALUE : seqs[0];
    if (laneEvents > 0) {
      for (int i = 0; i < lanes.length; i++) {
        Lane l = lanes[i];
        if (l.size > 0 && less(l.times[l.head], l.seqs[l.head], t, s)) {
          e = i;
          t = l.times[l.head];
          s = l.seqs[l.head];
        }
      }
    }
    earliest = e;
    return e;
  }

  private void push(long timeNanos, long seq, int kind, Object payload) {
    if (size == times.length) {
      grow();
    }
    int i = size++;
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

  /** A FIFO ring of events in non-decreasing time order. */
  private static final class Lane {
    long[] times = new long[16];
    long[] seqs = new long[16];
    int[] kinds = new int[16];
    Object[] payloads = new Object[16];
    int head;
    int size;
    long lastTime;

    void offer(long t, long s, int k, Object p) {
      if (size == times.length) {
        grow();
      }
      int i = head + size;
      if (i >= times.length) {
        i -= times.length;
      }
      times[i] = t;
      seqs[i] = s;
      kinds[i] = k;
      payloads[i] = p;
      size++;
      lastTime = t;
    }

    void remove() {
      payloads[head] = null;
      head = head + 1 == times.length ? 0 : head + 1;
      size--;
    }

    private void grow() {
      int n = times.length * 2;
      long[] t = new long[n];
      long[] s = new long[n];
      int[] k = new int[n];
      Object[] p = new Object[n];
      for (int j = 0; j < size; j++) {
        int i = head + j < times.length ? head + j : head + j - times.length;
        t[j] = times[i];
        s[j] = seqs[i];
        k[j] = kinds[i];
        p[j] = payloads[i];
      }
      times = t;
      seqs = s;
      kinds = k;
      payloads = p;
      head = 0;
    }
  }
}
