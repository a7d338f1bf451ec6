/** The bare-JVM baseline of figure D: a JVM with the orchestrator's flags that only waits. */
public final class Idle {
    public static void main(String[] args) throws InterruptedException {
        Thread.sleep(Long.MAX_VALUE);
    }
}
