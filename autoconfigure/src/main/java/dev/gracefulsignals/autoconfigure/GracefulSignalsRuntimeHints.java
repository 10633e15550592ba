package dev.gracefulsignals.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.boot.context.properties.bind.BindableRuntimeHintsRegistrar;

/**
 * What a GraalVM native image of an application with this starter needs beyond what Spring's AOT engine
 * finds by itself (registered in {@code META-INF/spring/aot.factories}). {@code @OnSignal} methods are not
 * here: the annotation is {@code @Reflective}, so AOT registers each annotated bean method as it does
 * {@code @EventListener} methods.
 *
 * <ul>
 * <li>the native handler libraries, class-path resources the loader opens at run time, one per platform;</li>
 * <li>JNA's own dispatch library for the same platforms, which JNA extracts from its jar the same way;</li>
 * <li>the classes JNA binds by direct mapping ({@code Native.register}): it lists their declared native methods
 * by reflection and binds each with JNI {@code RegisterNatives};</li>
 * <li>{@link GracefulSignalsProperties} and its nested groups, for binding.</li>
 * </ul>
 *
 * JNA's own classes (called back from its dispatch library through JNI) need JNA's reachability metadata,
 * which this registrar does not repeat.
 */
final class GracefulSignalsRuntimeHints implements RuntimeHintsRegistrar {

    /** Every platform the core jar ships a handler for (see {@code NativePlatform} in the core). */
    static final String[] NATIVE_LIBRARIES = {
            "linux-x86-64/libgracefulsignals.so",
            "linux-aarch64/libgracefulsignals.so",
            "linux-x86-64-musl/libgracefulsignals.so"};

    static final String[] JNA_DISPATCH_LIBRARIES = {
            "com/sun/jna/linux-x86-64/libjnidispatch.so",
            "com/sun/jna/linux-aarch64/libjnidispatch.so"};

    /** Bound by {@code Native.register}: the handler's functions and the libc calls made from Java. */
    static final String[] DIRECT_MAPPED = {
            "dev.gracefulsignals.signal.NativeHandler",
            "dev.gracefulsignals.internal.LibC"};

    @Override
    public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
        for (String library : NATIVE_LIBRARIES) {
            hints.resources().registerPattern(library);
        }
        for (String library : JNA_DISPATCH_LIBRARIES) {
            hints.resources().registerPattern(library);
        }
        for (String type : DIRECT_MAPPED) {
            hints.reflection().registerType(TypeReference.of(type), MemberCategory.INVOKE_DECLARED_METHODS);
            hints.jni().registerType(TypeReference.of(type), MemberCategory.INVOKE_DECLARED_METHODS);
        }
        BindableRuntimeHintsRegistrar.forTypes(GracefulSignalsProperties.class).registerHints(hints, classLoader);
    }
}
