package dev.gracefulsignals.benchmarks;

import java.util.ArrayList;
import java.util.List;

import dev.gracefulsignals.signal.Backend;

/** One receiver set-up a benchmark measures: a backend and a user API. */
record Configuration(Backend backend, ReceiverApi api) {

    /** Every backend in {@code --backends} (comma-separated) for every API this build has, api-major so pairs print together. */
    static List<Configuration> all(String backends) {
        List<Configuration> all = new ArrayList<>();
        for (ReceiverApi api : ReceiverApi.available()) {
            for (String backend : backends.split(",")) {
                all.add(new Configuration(ReceiverCommand.backend(backend.trim()), api));
            }
        }
        return all;
    }

    /** {@code backend=native api=core}, as result lines print it. */
    String keys() {
        return "backend=" + backend.name().toLowerCase() + " api=" + api.name();
    }
}
