package dev.gracefulsignals.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The preload skips a class it cannot load without a word: a name that no longer exists must fail here instead. */
class ExitPathPreloadTest {

    @Test
    void everyClassPreloadedByNameExists() throws ClassNotFoundException {
        assertThat(ExitPathPreload.EXIT_PATH_BY_NAME).isNotEmpty();
        for (String name : ExitPathPreload.EXIT_PATH_BY_NAME) {
            assertThat(Class.forName(name, false, ExitPathPreload.class.getClassLoader()).getName()).isEqualTo(name);
        }
    }
}
