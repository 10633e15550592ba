/*
 * A JVMTI agent whose VM-death callback never returns: the JVM's exit then hangs below System.exit, in
 * before_exit, on every path (System.exit, Runtime.halt, the end of main), as a stuck profiler or APM agent,
 * or G1 waiting for a thread it could not make at a pids limit, leaves it. StuckJvmExitTest compiles it and
 * runs a child JVM with -agentpath to check that the process still ends by its deadline.
 */
#include <jvmti.h>
#include <unistd.h>

static void JNICALL never_returns(jvmtiEnv *jvmti, JNIEnv *jni)
{
    (void) jvmti;
    (void) jni;
    for (;;) {
        pause();
    }
}

JNIEXPORT jint JNICALL Agent_OnLoad(JavaVM *vm, char *options, void *reserved)
{
    (void) options;
    (void) reserved;
    jvmtiEnv *jvmti;
    if ((*vm)->GetEnv(vm, (void **) &jvmti, JVMTI_VERSION_1_2) != JNI_OK) {
        return 1;
    }
    jvmtiEventCallbacks callbacks = {0};
    callbacks.VMDeath = never_returns;
    (*jvmti)->SetEventCallbacks(jvmti, &callbacks, sizeof callbacks);
    (*jvmti)->SetEventNotificationMode(jvmti, JVMTI_ENABLE, JVMTI_EVENT_VM_DEATH, NULL);
    return 0;
}
