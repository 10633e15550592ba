package dev.gracefulsignals.benchmarks;

import java.util.ArrayList;
import java.util.List;

import dev.gracefulsignals.signal.Backend;

/** One receiver set-up a benchmark measures: a backend and a user API. */
record Configuration(Backend backend, ReceiverApi api) {

    /** Every backend in {@code --backends} for every API in {@code --apis} (both comma-separated), api-major so pairs print together. */
    static List<Configuration> all(String backends, String apis) {
        List<Configuration> all = new ArrayList<>();
        for (String name : apis.split(",")) {
            ReceiverApi api = ReceiverApi.named(name.trim());
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
