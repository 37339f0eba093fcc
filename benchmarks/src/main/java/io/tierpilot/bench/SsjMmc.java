package io.tierpilot.bench;

import java.util.ArrayDeque;
import umontreal.ssj.randvar.ExponentialGen;
import umontreal.ssj.randvar.RandomVariateGen;
import umontreal.ssj.rng.MRG32k3a;
import umontreal.ssj.simevents.Event;
import umontreal.ssj.simevents.Simulator;
import umontreal.ssj.stat.Tally;

/**
 * The baseline of the simulator benchmark: an M/M/c queue written in SSJ's event view, the way
 * SSJ's own examples write a queue. One {@link Simulator} with its default event list, an {@code
 * Arrival} event that schedules the next arrival and either starts service or joins a FIFO waiting
 * line, a {@code Departure} event that starts the next waiting customer; exponential inter-arrival
 * and service times from two {@link MRG32k3a} streams; the waits collected in a {@link Tally}. The
 * run ends when the last of {@code customers} customers has left.
 *
 * <p>Single-threaded; one instance per run.
 */
final class SsjMmc {
  private final Simulator simulator = new Simulator();
  private final int servers;
  private final long customers;
  private final RandomVariateGen interArrival;
  private final RandomVariateGen service;
  private final ArrayDeque<Customer> waiting = new ArrayDeque<>();
  private final Tally waits = new Tally("waits");
  private long waited;
  private long arrived;
  private long departed;
  private int busy;

  /** A customer: when it arrived. */
  private static final class Customer {
    final double arrivalTime;

    Customer(double arrivalTime) {
      this.arrivalTime = arrivalTime;
    }
  }

  /**
   * @param servers servers, {@code >= 1}
   * @param arrivalRate λ, per second
   * @param serviceRate μ per server, per second
   * @param customers customers to serve, {@code >= 1}
   */
  SsjMmc(int servers, double arrivalRate, double serviceRate, long customers) {
    this.servers = servers;
    this.customers = customers;
    this.interArrival = new ExponentialGen(new MRG32k3a(), arrivalRate);
    this.service = new ExponentialGen(new MRG32k3a(), serviceRate);
  }

  private final class Arrival extends Event {
    Arrival() {
      super(simulator);
    }

    @Override
    public void actions() {
      arrived++;
      if (arrived < customers) {
        new Arrival().schedule(interArrival.nextDouble());
      }
      if (busy < servers) {
        busy++;
        waits.add(0);
        new Departure().schedule(service.nextDouble());
      } else {
        waiting.addLast(new Customer(simulator.time()));
      }
    }
  }

  private final class Departure extends Event {
    Departure() {
      super(simulator);
    }

    @Override
    public void actions() {
      departed++;
      Customer next = waiting.pollFirst();
      if (next == null) {
        busy--;
        return;
      }
      waited++;
      waits.add(simulator.time() - next.arrivalTime);
      new Departure().schedule(service.nextDouble());
    }
  }

  /**
   * Runs the queue until every customer has left.
   *
   * @return this
   */
  SsjMmc run() {
    simulator.init();
    waits.init();
    new Arrival().schedule(interArrival.nextDouble());
    simulator.start();
    return this;
  }

  /** Returns the customers that left. */
  long departed() {
    return departed;
  }

  /** Returns the mean wait in the queue, seconds. */
  double meanWait() {
    return waits.average();
  }

  /** Returns the share of customers that waited. */
  double waitProbability() {
    return (double) waited / departed;
  }
}
