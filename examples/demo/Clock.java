import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/**
 * Demo service: takes a moment to load, then prints the time every two seconds.
 * Stands in for a store that others depend on. Stops at once on SIGTERM (the JVM's default).
 */
public class Clock {
    public static void main(String[] args) throws InterruptedException {
        System.out.println("loading the clock...");
        Thread.sleep(800);
        System.out.println("ready: the time will be printed every 2 s");
        for (long tick = 1; ; tick++) {
            Thread.sleep(2000);
            System.out.println("tick " + tick + " at " + LocalTime.now().truncatedTo(ChronoUnit.SECONDS));
        }
    }
}
