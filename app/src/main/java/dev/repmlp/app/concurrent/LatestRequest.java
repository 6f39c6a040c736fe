package dev.repmlp.app.concurrent;

/**
 * "Latest request wins": a page asks for something in the background (load a file, read a slice,
 * list a folder) and asks again before the answer is back; only the answer to the latest request
 * may be shown. Take a {@link Ticket} when asking and check {@link Ticket#isLatest()} when the
 * answer arrives. Use it on one thread (the UI thread).
 */
public final class LatestRequest {
    private long latest;

    /** A new request; every earlier one is overtaken. */
    public Ticket next() {
        return new Ticket(++latest);
    }

    /** Overtakes every request made so far, without making a new one (e.g. on close). */
    public void invalidate() {
        latest++;
    }

    /** One request. */
    public final class Ticket {
        private final long number;

        private Ticket(long number) {
            this.number = number;
        }

        /** True while no later request has been made (nor {@link #invalidate()} called). */
        public boolean isLatest() {
            return number == latest;
        }
    }
}
