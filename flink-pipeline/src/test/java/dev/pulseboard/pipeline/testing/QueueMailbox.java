package dev.pulseboard.pipeline.testing;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.util.FlinkRuntimeException;
import org.apache.flink.util.function.ThrowingRunnable;

/**
 * A mailbox for testing sink writers outside a task: mails from any thread queue up; {@link #yield} runs one on the
 * calling (test) thread, as the task's mailbox thread would.
 */
public final class QueueMailbox implements MailboxExecutor {
    private final BlockingQueue<ThrowingRunnable<? extends Exception>> mails = new LinkedBlockingQueue<>();

    @Override
    public void execute(
            MailOptions options, ThrowingRunnable<? extends Exception> command, String description, Object... args) {
        mails.add(command);
    }

    @Override
    public void yield() throws InterruptedException {
        run(mails.take());
    }

    @Override
    public boolean tryYield() {
        ThrowingRunnable<? extends Exception> mail = mails.poll();
        if (mail == null) {
            return false;
        }
        run(mail);
        return true;
    }

    @Override
    public boolean shouldInterrupt() {
        return false;
    }

    private static void run(ThrowingRunnable<? extends Exception> mail) {
        try {
            mail.run();
        } catch (Exception e) {
            throw new FlinkRuntimeException(e);
        }
    }
}
