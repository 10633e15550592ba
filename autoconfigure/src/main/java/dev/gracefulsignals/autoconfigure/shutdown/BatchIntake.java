package dev.gracefulsignals.autoconfigure.shutdown;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

import dev.gracefulsignals.shutdown.phase.Intake;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.AbstractJob;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.launch.JobExecutionNotRunningException;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;
import org.springframework.core.Ordered;

/**
 * Spring Batch's job executions running in this JVM, stopped in stop-intake through Batch's own
 * {@link JobOperator#stop(JobExecution)} and waited for until each has ended: its step stops at the next chunk
 * boundary, after the chunk in hand is committed, and the execution ends {@code STOPPED}, so the next start
 * restarts it from there. Boot registers nothing of the kind: Boot alone closes the data source under the running job
 * and leaves the execution {@code STARTED}, which no launcher restarts. Batch 6's {@code JobExecutionShutdownHook}, a
 * JVM hook registered by hand per execution, asks for the stop but waits for no chunk, racing Boot's own hook.
 *
 * <p>Only this JVM's executions: the job repository is shared by every instance of the application, and stopping
 * what it lists as running would stop another pod's job. So each {@link AbstractJob} bean gets a listener when it is
 * made (this is a {@link BeanPostProcessor}) that keeps the executions this JVM runs, whichever {@code JobOperator} or
 * thread launched them (Boot's launcher on startup runs them on the main thread, where a hook registered by hand
 * never gets the execution before it ends, spring-batch#5028). Jobs that are not beans are not seen.
 *
 * <p>Each execution is stopped through a copy freshly read from the repository, as an operator in another process
 * would, never through the instance the job's thread is updating: Batch's stop writes the job and its running step
 * {@code STOPPED} at once, and two threads updating one instance race on its version (spring-batch#5120). The stop
 * calls run on a thread of their own: they write to the database, which may wait for a connection the job's
 * chunks hold, and the other intakes must not wait for that. An execution is done once its {@code afterJob} ran,
 * when its final status is saved; Batch's last update of it, for what the listeners changed, follows on the job's
 * own thread. An execution that Boot's launcher on startup runs on its own thread (the main thread) is done once the
 * application's runners are done too ({@link ApplicationReadyEvent}, or {@link ApplicationFailedEvent}): by then the
 * launcher has handed the execution to Boot's {@code JobExecutionExitCodeGenerator}, so the exit code the sequence
 * reads after the hooks is always Boot's (4 for {@code STOPPED}), never 143 or 4 by a race with the main thread.
 */
final class BatchIntake implements Intake, BeanPostProcessor, BeanFactoryAware, SmartApplicationListener {

    /** Boot's launcher on startup: named, not linked (Boot's batch module may be absent). */
    static final String BOOT_LAUNCHER = "org.springframework.boot.batch.autoconfigure.JobLauncherApplicationRunner";

    private static final Logger log = LoggerFactory.getLogger(BatchIntake.class);

    /** The executions this JVM runs, by id, as the job's thread holds them. */
    private final Map<Long, JobExecution> running = new ConcurrentHashMap<>();
    /** Executions Boot's launcher runs on its own thread, until the runners are done (it then has reported them). */
    private final Set<Long> launcherToReport = ConcurrentHashMap.newKeySet();
    private volatile boolean runnersDone;
    private final Track track = new Track(this);
    private @Nullable ConfigurableListableBeanFactory beans;
    /** The {@code done} of the stop under way, until every execution has ended; taken once, by whichever thread sees that. */
    private final AtomicReference<@Nullable Runnable> done = new AtomicReference<>();
    private volatile boolean stopping;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        if (beanFactory instanceof ConfigurableListableBeanFactory listable) {
            this.beans = listable;
        }
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
        if (bean instanceof AbstractJob job) {
            job.registerJobExecutionListener(track);
        }
        return bean;
    }

    @Override
    public String name() {
        return "Spring Batch jobs";
    }

    @Override
    public void stop(Runnable done) {
        this.done.set(done);
        stopping = true;
        List<Long> ids = new ArrayList<>(running.keySet());
        if (ids.isEmpty()) {
            finishIfNoneRuns();
            return;
        }
        Stopper stopper = new Stopper(this, ids);
        try {
            Thread thread = new Thread(stopper, "graceful-batch-stop");
            thread.setDaemon(true);
            thread.start();
        } catch (OutOfMemoryError noThread) { // a process at its thread limit: stop them here instead
            stopper.run();
        }
    }

    /** Stops one execution through a fresh copy from the repository; a failure is logged and the others go on. */
    void stopExecution(long id) {
        JobOperator operator = singleton(JobOperator.class);
        JobRepository repository = singleton(JobRepository.class);
        if (operator == null || repository == null) {
            log.warn("Graceful shutdown: no JobOperator or JobRepository bean, job execution {} is not stopped and is cut"
                    + " when the context closes", id);
            return;
        }
        try {
            JobExecution current = repository.getJobExecution(id);
            if (current == null || !current.isRunning()) {
                return;
            }
            log.info("Graceful shutdown: stopping job execution {} of job '{}'; its step stops after the chunk in hand is committed",
                    id, current.getJobInstance().getJobName());
            operator.stop(current);
        } catch (JobExecutionNotRunningException ended) {
            // it ended meanwhile: nothing to stop
        } catch (RuntimeException failed) {
            // Batch wrote the job's STOPPED before the step's: a step that still runs sees it at its next chunk.
            log.error("Graceful shutdown: stopping job execution {} failed; waiting for it to end all the same", id, failed);
        }
    }

    /** Never creates a bean: the shutdown uses what the application made. */
    private <T> @Nullable T singleton(Class<T> type) {
        ConfigurableListableBeanFactory beans = this.beans;
        if (beans == null) {
            return null;
        }
        for (String name : beans.getBeanNamesForType(type, false, false)) {
            if (beans.containsSingleton(name)) {
                return beans.getBean(name, type);
            }
        }
        return null;
    }

    void started(JobExecution execution) {
        running.put(execution.getId(), execution);
        if (!runnersDone && StackWalker.getInstance().walk(LaunchedByBoot.FRAMES)) {
            launcherToReport.add(execution.getId());
        }
        if (stopping) { // launched while the shutdown runs: stopped at its first chunk boundary too
            stopExecution(execution.getId());
        }
    }

    void ended(JobExecution execution) {
        if (running.remove(execution.getId()) != null && stopping) {
            BatchStatus status = execution.getStatus();
            log.info("Graceful shutdown: job execution {} of job '{}' ended {}{}", execution.getId(),
                    execution.getJobInstance().getJobName(), status, status == BatchStatus.STOPPED || status == BatchStatus.FAILED
                            ? "; the next start of the same job instance restarts it" : "");
        }
        finishIfNoneRuns();
    }

    @Override
    public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
        return ApplicationReadyEvent.class.isAssignableFrom(eventType) || ApplicationFailedEvent.class.isAssignableFrom(eventType);
    }

    /** The runners are done: Boot's launcher is back from the jobs it ran and has reported each (its JobExecutionEvent). */
    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        runnersDone = true;
        launcherToReport.clear();
        finishIfNoneRuns();
    }

    private void finishIfNoneRuns() {
        if (running.isEmpty() && launcherToReport.isEmpty()) {
            Runnable done = this.done.getAndSet(null);
            if (done != null) {
                done.run();
            }
        }
    }

    @Override
    public String toString() {
        return name() + (running.isEmpty() ? "" : " (executions " + running.keySet() + ")")
                + (launcherToReport.isEmpty() ? "" : " (Boot's launcher returning from " + launcherToReport + ")");
    }

    /**
     * The listener every job bean gets. First before the job, last after it ({@code afterJob} runs in reverse order), so
     * the job's own listeners have finished when it counts the execution ended.
     */
    private static final class Track implements JobExecutionListener, Ordered {

        private final BatchIntake intake;

        Track(BatchIntake intake) {
            this.intake = intake;
        }

        @Override
        public void beforeJob(JobExecution execution) {
            intake.started(execution);
        }

        @Override
        public void afterJob(JobExecution execution) {
            intake.ended(execution);
        }

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }
    }

    /** Whether the job runs inside Boot's launcher, on its thread: then Boot reports the execution once the job returns. */
    private static final class LaunchedByBoot implements Function<Stream<StackWalker.StackFrame>, Boolean> {

        static final LaunchedByBoot FRAMES = new LaunchedByBoot();

        @Override
        public Boolean apply(Stream<StackWalker.StackFrame> frames) {
            return frames.anyMatch(new IsBootLauncher());
        }
    }

    private static final class IsBootLauncher implements Predicate<StackWalker.StackFrame> {

        @Override
        public boolean test(StackWalker.StackFrame frame) {
            return frame.getClassName().equals(BOOT_LAUNCHER);
        }
    }

    /** The stop calls, off stop-intake's thread. A named class, not a lambda: the exit path. */
    private static final class Stopper implements Runnable {

        private final BatchIntake intake;
        private final List<Long> ids;

        Stopper(BatchIntake intake, List<Long> ids) {
            this.intake = intake;
            this.ids = ids;
        }

        @Override
        public void run() {
            for (long id : ids) {
                intake.stopExecution(id);
            }
        }
    }
}
