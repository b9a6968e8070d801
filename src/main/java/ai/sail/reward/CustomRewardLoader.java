package ai.sail.reward;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;

/**
 * {@code class:com.example.MyReward} and {@code class:com.example.MyReward:ARG}: a reward written by the
 * user in Java, put on the class path, and created here. Without an argument the class needs a public
 * no-argument constructor; with one, a public constructor taking a single {@code String} (everything
 * after the second colon, colons included). Each way of getting this wrong has its own message, since
 * the user cannot see the reflection that failed.
 */
public final class CustomRewardLoader {
    private CustomRewardLoader() {}

    /** @param spec what follows {@code class:}, i.e. {@code NAME} or {@code NAME:ARG} */
    public static RewardSource load(String spec) {
        int colon = spec.indexOf(':');
        String className = (colon < 0 ? spec : spec.substring(0, colon)).strip();
        String argument = colon < 0 ? null : spec.substring(colon + 1);
        if (className.isEmpty()) {
            throw new IllegalArgumentException("class:NAME needs a fully qualified class name, e.g. class:com.example.MyReward");
        }
        Class<?> type = find(className);
        if (!RewardSource.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("class:" + className + " does not implement " + RewardSource.class.getName());
        }
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            throw new IllegalArgumentException("class:" + className + " is abstract; name a concrete class");
        }
        Constructor<?> constructor = constructor(type, argument != null);
        try {
            Object instance = argument == null ? constructor.newInstance() : constructor.newInstance(argument);
            return (RewardSource) instance;
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new IllegalArgumentException("class:" + className + ": its constructor failed: " + cause, cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("class:" + className + ": cannot create an instance: " + e, e);
        }
    }

    private static Class<?> find(String className) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try {
            return Class.forName(className, true, loader != null ? loader : CustomRewardLoader.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("class:" + className + ": no such class on the class path"
                    + " (give the fully qualified name, e.g. com.example.MyReward, and add its jar to the class path)", e);
        }
    }

    private static Constructor<?> constructor(Class<?> type, boolean withArgument) {
        try {
            Constructor<?> c = withArgument ? type.getConstructor(String.class) : type.getConstructor();
            if (!Modifier.isPublic(type.getModifiers())) {
                throw new IllegalArgumentException("class:" + type.getName() + " must be public");
            }
            return c;
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("class:" + type.getName() + (withArgument
                    ? " needs a public constructor taking one String to accept an argument"
                    : " needs a public no-argument constructor"), e);
        }
    }
}
