package dev.repmlp.app;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.testfx.util.WaitForAsyncUtils;

/** Helpers for tests that touch JavaFX state: run on the FX thread, wait for a condition. */
public final class FxTesting {
    private static final long TIMEOUT_SECONDS = 10;

    private FxTesting() {}

    /** Runs {@code action} on the FX thread and returns its result. */
    public static <T> T onFx(Callable<T> action) throws Exception {
        return WaitForAsyncUtils.asyncFx(action).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Waits until {@code condition}, evaluated on the FX thread, holds. */
    public static void awaitFx(BooleanSupplier condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(
                TIMEOUT_SECONDS, TimeUnit.SECONDS, () -> onFx(condition::getAsBoolean));
    }
}
