/** Web-stack parts of the shutdown: {@code Connection: close} while the application refuses traffic but still serves. */
@NullMarked
package dev.gracefulsignals.autoconfigure.web;

import org.jspecify.annotations.NullMarked;
