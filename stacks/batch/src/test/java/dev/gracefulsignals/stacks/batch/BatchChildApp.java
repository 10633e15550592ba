package dev.gracefulsignals.stacks.batch;

import java.time.Duration;

import javax.sql.DataSource;

import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.launch.JobOperator;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;
import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * A Spring Batch application as Boot 4 makes one, run as a child JVM by {@link BatchRestartTest}: one job, {@code items},
 * whose chunk step reads the items 1 to 200 (a moment each) and writes each id into the table {@code written}, ten a
 * chunk, in the chunk's transaction. The job repository is in the same file-based H2 database, so what one run leaves
 * (the step's position, its status) is what the next start finds. Boot's job launcher runs the job on startup, with
 * no parameters and no incrementer: the next start of the same instance is a restart.
 */
@SpringBootApplication
public class BatchChildApp {

    static final int ITEMS = 200;
    static final int CHUNK = 10;

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(BatchChildApp.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.run(args);
    }

    @Bean
    Job items(JobRepository repository, Step write) {
        return new JobBuilder("items", repository).start(write).build();
    }

    @Bean
    Step write(JobRepository repository, PlatformTransactionManager transactions, JdbcTemplate jdbc,
               @Value("${app.item-time:25ms}") Duration itemTime) {
        jdbc.execute("CREATE TABLE IF NOT EXISTS written (id INT NOT NULL)");
        return new StepBuilder("write", repository).<Integer, Integer>chunk(CHUNK)
                .transactionManager(transactions) // the writes and the step's position commit together
                .reader(new Numbers(itemTime))
                .writer(new Written(jdbc))
                .build();
    }

    /**
     * The documented recovery of an execution a killed run left {@code STARTED} (Boot alone): marked FAILED by Batch 6's
     * {@code JobOperator.recover}, before Boot's launcher (order 0) restarts it. Only with {@code app.recover=true}. The
     * region is the one docs/getting-started.md quotes.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty("app.recover")
    static class Recovery {

        // tag::batch-recover[]
        @Bean
        @Order(-1)
        ApplicationRunner recoverLeftRunning(JobRepository repository, JobOperator operator) {
            return arguments -> repository.findRunningJobExecutions("items").forEach(operator::recover);
        }
        // end::batch-recover[]
    }

    /** The numbers 1 to 200, one every item time; restartable: the count read is saved with each chunk. */
    static final class Numbers extends AbstractItemCountingItemStreamItemReader<Integer> {

        private final Duration itemTime;
        private int next;

        Numbers(Duration itemTime) {
            this.itemTime = itemTime;
            setName("numbers");
            setMaxItemCount(ITEMS);
        }

        @Override
        protected Integer doRead() throws InterruptedException {
            Thread.sleep(itemTime.toMillis()); // reading an item takes a moment: a chunk is in hand when TERM comes
            return ++next;
        }

        @Override
        protected void jumpToItem(int itemIndex) {
            next = itemIndex; // a restart resumes after the last committed chunk
        }

        @Override
        protected void doOpen() {
            next = 0;
        }

        @Override
        protected void doClose() {
        }
    }

    /** Appends each id to {@code written}, in the chunk's transaction, and says how far it got. */
    static final class Written implements ItemWriter<Integer> {

        private final JdbcTemplate jdbc;

        Written(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @Override
        public void write(Chunk<? extends Integer> chunk) {
            for (Integer id : chunk) {
                jdbc.update("INSERT INTO written (id) VALUES (?)", id);
            }
            System.out.println("writing " + chunk.getItems().get(0) + ".." + chunk.getItems().get(chunk.size() - 1));
        }
    }
}
