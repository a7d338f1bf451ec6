import java.util.concurrent.ThreadLocalRandom;

/**
 * Demo worker that crashes now and then: it works for 3 to 8 seconds, then exits with code 1, so the
 * orchestrator restarts it with its backoff (see the [orchestrator] lines).
 */
public class Flaky {
    public static void main(String[] args) throws InterruptedException {
        int seconds = ThreadLocalRandom.current().nextInt(3, 9);
        System.out.println("working; I will crash in " + seconds + " s");
        for (int i = 1; i <= seconds; i++) {
            Thread.sleep(1000);
            System.out.println("processed batch " + i);
        }
        System.err.println("something went wrong: exiting with code 1");
        System.exit(1);
    }
}
