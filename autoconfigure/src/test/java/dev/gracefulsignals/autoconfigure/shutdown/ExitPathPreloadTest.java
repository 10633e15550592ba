package dev.gracefulsignals.autoconfigure.shutdown;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The preload skips a class it cannot load without a word: a name that no longer exists, or an owner whose nested
 * classes moved elsewhere, must fail here instead, so the lists are checked, not hand-kept against moves.
 */
class ExitPathPreloadTest {

    @Test
    void everyClassPreloadedByNameExists() throws ClassNotFoundException {
        assertThat(ExitPathPreload.EXIT_PATH_BY_NAME).isNotEmpty();
        for (String name : ExitPathPreload.EXIT_PATH_BY_NAME) {
            assertThat(Class.forName(name, false, ExitPathPreload.class.getClassLoader()).getName()).isEqualTo(name);
        }
    }

    @Test
    void everyOwnerOfNestedExitPathClassesStillHasThem() throws ClassNotFoundException {
        for (Class<?> owner : ExitPathPreload.nestedOnExitPath()) {
            assertThat(owner.getDeclaredClasses()).as(owner.getName()).isNotEmpty();
        }
        for (String name : ExitPathPreload.NESTED_ON_EXIT_PATH_BY_NAME) {
            assertThat(Class.forName(name, false, ExitPathPreload.class.getClassLoader()).getDeclaredClasses()).as(name).isNotEmpty();
        }
    }
}
