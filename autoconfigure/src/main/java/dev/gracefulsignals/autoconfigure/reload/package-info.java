/** Reload signals refresh the context when spring-cloud-context is present. */
@NullMarked
package dev.gracefulsignals.autoconfigure.reload;

import org.jspecify.annotations.NullMarked;
