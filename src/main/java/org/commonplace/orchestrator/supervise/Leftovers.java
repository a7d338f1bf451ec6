package org.commonplace.orchestrator.supervise;

/**
 * What the children left behind when they ended (daemons we adopted as the child subreaper), stopped
 * on the loop thread once every supervised process has ended, before the final line.
 */
@FunctionalInterface
public interface Leftovers {
    /**
     * Stops them.
     *
     * @param atOnce kill at once, without a stop signal first: everything was killed (a second stop
     *               signal), and an adopted daemon must not get the grace the children did not get
     * @param hurry  asked, on the calling thread, while it waits for them to stop: whether a second
     *               stop signal came meanwhile, so that whatever still runs is killed now
     * @return how many had to be killed; any makes the exit code 1
     */
    int stop(boolean atOnce, java.util.function.BooleanSupplier hurry);
}
