package io.tierpilot.sim.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The event list with lanes polls in exactly the order of one heap ordered by (time, insertion
 * sequence), including lane events added earlier than their lane's last (which go to the heap).
 */
class EventQueueTest {

  /** A reference entry: time, then insertion order. */
  private static final class Ref implements Comparable<Ref> {
    final long time;
    final long seq;
    final int kind;
    final Object payload;

    Ref(long time, long seq, int kind, Object payload) {
      this.time = time;
      this.seq = seq;
      this.kind = kind;
      this.payload = payload;
    }

    @Override
    public int compareTo(Ref o) {
      return time != o.time ? Long.compare(time, o.time) : Long.compare(seq, o.seq);
    }
  }

  @Test
  void lanesPollInTheOrderOfOneHeap() {
    Random rnd = new Random(11);
    for (int round = 0; round < 200; round++) {
      EventQueue q = new EventQueue();
      PriorityQueue<Ref> ref = new PriorityQueue<>();
      int lanes = 1 + rnd.nextInt(4);
      long[] laneLast = new long[lanes];
      long now = 0;
      long seq = 0;
      for (int op = 0; op < 2000; op++) {
        if (rnd.nextInt(3) > 0 || ref.isEmpty()) {
          Object payload = "e" + seq;
          int kind = rnd.nextInt(7);
          // coarse times so that ties are common
          long t = now + rnd.nextInt(50);
          if (rnd.nextBoolean()) {
            q.add(t, kind, payload);
          } else {
            int lane = rnd.nextInt(lanes);
            // mostly in order for the lane; now and then earlier than its last (the fallback)
            t =
                rnd.nextInt(8) == 0
                    ? laneLast[lane] - 1 - rnd.nextInt(5)
                    : laneLast[lane] + rnd.nextInt(30);
            t = Math.max(t, now);
            laneLast[lane] = Math.max(laneLast[lane], t);
            q.addToLane(lane, t, kind, payload);
          }
          ref.add(new Ref(t, seq++, kind, payload));
        } else {
          Ref e = ref.poll();
          assertEquals(e.time, q.peekTime());
          assertEquals(e.kind, q.peekKind());
          assertEquals(e.payload, q.peekPayload());
          q.poll();
          now = e.time;
        }
        assertEquals(ref.size(), q.size());
        assertEquals(ref.isEmpty(), q.isEmpty());
      }
      while (!ref.isEmpty()) {
        assertEquals(ref.poll().payload, q.peekPayload());
        q.poll();
      }
      assertTrue(q.isEmpty());
      assertEquals(Long.MAX_VALUE, q.peekTime());
    }
  }
}
