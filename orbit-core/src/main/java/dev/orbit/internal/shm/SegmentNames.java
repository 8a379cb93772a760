package dev.orbit.internal.shm;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import dev.orbit.shm.AccessMode;
import dev.orbit.shm.SegmentException;

/**
 * Names and paths of a fleet's segment files.
 * <p>
 * In {@link AccessMode#OWNER} mode every name ends with the owner's uid, so users never collide in a shared
 * directory such as {@code /dev/shm}:
 * <pre>
 *   orbit-{fleet}-{kind}-{uid}           a ring, kind 0..255
 *   orbit-{fleet}-cache-{cache}-{uid}    a named cache
 *   orbit-{fleet}-members-{uid}          the membership table
 *   orbit-{fleet}-claims-{uid}           the claims table
 *   {segment}.lock                       the lock file beside each segment
 *   orbit-{fleet}-wake-{node}-{uid}.sock the wake-up socket of the process holding a node id
 * </pre>
 * In the group modes the names carry no uid; such a fleet lives in a directory of its own.
 * <p>
 * Fleet and cache names are 1 to 64 characters of {@code [A-Za-z0-9_.-]}, start with a letter or digit and never
 * contain {@code ".."}. So that every file name reads one way only, a fleet name also never contains a
 * {@code -cache} component (its files would read as another fleet's cache) and a cache name never ends with
 * {@code .lock}.
 */
public final class SegmentNames
{
    private static final String PREFIX = "orbit-";
    private static final char SEPARATOR = '-';
    private static final String MEMBERS = "members";
    private static final String CLAIMS = "claims";
    private static final String CACHE = "cache";
    private static final String CACHE_INFIX = SEPARATOR + CACHE + SEPARATOR;
    private static final String CACHE_SUFFIX = SEPARATOR + CACHE;
    private static final String LOCK_SUFFIX = ".lock";
    private static final String WAKE = "wake";
    private static final String SOCKET_SUFFIX = ".sock";
    private static final int MAX_NODE = 255;
    private static final String PARENT_REFERENCE = "..";
    private static final int MAX_NAME_LENGTH = 64;
    private static final int MAX_KIND = 255;
    private static final Path SHARED_MEMORY_DIRECTORY = Path.of("/dev/shm");
    private static final String TEMP_DIRECTORY_PROPERTY = "java.io.tmpdir";

    private SegmentNames()
    {
    }

    /**
     * Checks a fleet name.
     *
     * @param name the name.
     * @return the name.
     * @throws IllegalArgumentException naming the value and the rule it breaks.
     */
    public static String validateFleetName(final String name)
    {
        final String problem = fleetNameProblem(name);
        if (null != problem)
        {
            throw new IllegalArgumentException("invalid fleet name=\"" + name + "\": " + problem);
        }
        return name;
    }

    /**
     * Checks a cache name.
     *
     * @param name the name.
     * @return the name.
     * @throws IllegalArgumentException naming the value and the rule it breaks.
     */
    public static String validateCacheName(final String name)
    {
        final String problem = cacheNameProblem(name);
        if (null != problem)
        {
            throw new IllegalArgumentException("invalid cache name=\"" + name + "\": " + problem);
        }
        return name;
    }

    /**
     * The file of one ring: {@code orbit-{fleet}-{kind}-{uid}}.
     *
     * @param dir   the fleet directory.
     * @param fleet the fleet name.
     * @param kind  the ring's kind, 0..255.
     * @param mode  the access mode; the group modes leave out the uid.
     * @param uid   the owner's uid.
     * @return the path.
     * @throws IllegalArgumentException if the fleet name or kind is invalid.
     */
    public static Path ringFile(final Path dir, final String fleet, final int kind, final AccessMode mode, final int uid)
    {
        if (kind < 0 || kind > MAX_KIND)
        {
            throw new IllegalArgumentException("invalid kind=" + kind + ", expected 0.." + MAX_KIND);
        }
        return segmentFile(dir, fleet, Integer.toString(kind), mode, uid);
    }

    /**
     * The file of one named cache: {@code orbit-{fleet}-cache-{cache}-{uid}}.
     *
     * @param dir   the fleet directory.
     * @param fleet the fleet name.
     * @param cache the cache name.
     * @param mode  the access mode; the group modes leave out the uid.
     * @param uid   the owner's uid.
     * @return the path.
     * @throws IllegalArgumentException if the fleet or cache name is invalid.
     */
    public static Path cacheFile(
        final Path dir, final String fleet, final String cache, final AccessMode mode, final int uid)
    {
        return segmentFile(dir, fleet, CACHE + SEPARATOR + validateCacheName(cache), mode, uid);
    }

    /**
     * The membership table's file: {@code orbit-{fleet}-members-{uid}}.
     *
     * @param dir   the fleet directory.
     * @param fleet the fleet name.
     * @param mode  the access mode; the group modes leave out the uid.
     * @param uid   the owner's uid.
     * @return the path.
     * @throws IllegalArgumentException if the fleet name is invalid.
     */
    public static Path membersFile(final Path dir, final String fleet, final AccessMode mode, final int uid)
    {
        return segmentFile(dir, fleet, MEMBERS, mode, uid);
    }

    /**
     * The claims table's file: {@code orbit-{fleet}-claims-{uid}}.
     *
     * @param dir   the fleet directory.
     * @param fleet the fleet name.
     * @param mode  the access mode; the group modes leave out the uid.
     * @param uid   the owner's uid.
     * @return the path.
     * @throws IllegalArgumentException if the fleet name is invalid.
     */
    public static Path claimsFile(final Path dir, final String fleet, final AccessMode mode, final int uid)
    {
        return segmentFile(dir, fleet, CLAIMS, mode, uid);
    }

    /**
     * The Unix-domain socket a process holding a node id receives its wake-up nudges on:
     * {@code orbit-{fleet}-wake-{node}-{uid}.sock}. The {@code .sock} suffix keeps it apart from every segment name.
     *
     * @param dir   the fleet directory.
     * @param fleet the fleet name.
     * @param node  the node id, 0..255.
     * @param mode  the access mode; the group modes leave out the uid.
     * @param uid   the owner's uid.
     * @return the path.
     * @throws IllegalArgumentException if the fleet name or node id is invalid.
     */
    public static Path wakeSocket(final Path dir, final String fleet, final int node, final AccessMode mode, final int uid)
    {
        if (node < 0 || node > MAX_NODE)
        {
            throw new IllegalArgumentException("invalid node=" + node + ", expected 0.." + MAX_NODE);
        }
        return dir.resolve(segmentFile(dir, fleet, WAKE + SEPARATOR + node, mode, uid).getFileName() + SOCKET_SUFFIX);
    }

    /**
     * Every wake-up socket of a fleet present in a directory, by name (see {@link #wakeSocket}).
     *
     * @param dir   the fleet directory.
     * @param fleet the fleet name.
     * @param mode  the access mode the fleet's files are named for.
     * @param uid   the owner's uid (ignored in the group modes).
     * @return the sockets, sorted; empty if the directory does not exist.
     * @throws IllegalArgumentException if the fleet name is invalid.
     * @throws SegmentException         if the directory cannot be listed.
     */
    public static List<Path> wakeSockets(final Path dir, final String fleet, final AccessMode mode, final int uid)
    {
        final String prefix = PREFIX + validateFleetName(fleet) + SEPARATOR + WAKE + SEPARATOR;
        final String suffix = uidSuffix(mode, uid) + SOCKET_SUFFIX;
        final List<Path> sockets = new ArrayList<>();
        for (final Path entry : list(dir))
        {
            final String name = entry.getFileName().toString();
            if (name.length() > prefix.length() + suffix.length() && name.startsWith(prefix) && name.endsWith(suffix) &&
                isKind(name.substring(prefix.length(), name.length() - suffix.length())))
            {
                sockets.add(entry);
            }
        }
        Collections.sort(sockets);

        return List.copyOf(sockets);
    }

    /**
     * The lock file that serialises creating and attaching a segment: the segment's name plus {@code .lock}.
     *
     * @param segment the segment file.
     * @return the lock file beside it.
     */
    public static Path lockFile(final Path segment)
    {
        final Path name = segment.getFileName();
        if (null == name)
        {
            throw new IllegalArgumentException("segment=" + segment + " has no file name");
        }
        return segment.resolveSibling(name + LOCK_SUFFIX);
    }

    /**
     * The default fleet directory: {@code /dev/shm} when it is a writable directory, else {@code java.io.tmpdir}
     * (where segments are ordinary files: correct, but paged to disk).
     *
     * @return the directory.
     */
    public static Path defaultDirectory()
    {
        if (Files.isDirectory(SHARED_MEMORY_DIRECTORY) && Files.isWritable(SHARED_MEMORY_DIRECTORY))
        {
            return SHARED_MEMORY_DIRECTORY;
        }
        return Path.of(System.getProperty(TEMP_DIRECTORY_PROPERTY));
    }

    /**
     * Every segment file of a fleet (lock files excluded), by name: rings, caches, members and claims.
     * Nothing is opened; the files are not checked.
     *
     * @param dir   the fleet directory.
     * @param fleet the fleet name.
     * @param mode  the access mode the fleet's files are named for.
     * @param uid   the owner's uid (ignored in the group modes).
     * @return the files, sorted; empty if the directory does not exist.
     * @throws IllegalArgumentException if the fleet name is invalid.
     * @throws SegmentException         if the directory cannot be listed.
     */
    public static List<Path> fleetSegments(final Path dir, final String fleet, final AccessMode mode, final int uid)
    {
        final String prefix = PREFIX + validateFleetName(fleet) + SEPARATOR;
        final String suffix = uidSuffix(mode, uid);
        final List<Path> segments = new ArrayList<>();
        for (final Path entry : list(dir))
        {
            final String name = entry.getFileName().toString();
            if (name.length() > prefix.length() + suffix.length() && name.startsWith(prefix) && name.endsWith(suffix) &&
                isSegmentType(name.substring(prefix.length(), name.length() - suffix.length())))
            {
                segments.add(entry);
            }
        }
        Collections.sort(segments);

        return List.copyOf(segments);
    }

    /**
     * The fleets of one user in {@link AccessMode#OWNER} mode present in a directory: those with a members file.
     *
     * @param dir the fleet directory.
     * @param uid the owner's uid.
     * @return the fleet names, sorted; empty if the directory does not exist.
     * @throws SegmentException if the directory cannot be listed.
     */
    public static Set<String> fleets(final Path dir, final int uid)
    {
        return fleets(dir, AccessMode.OWNER, uid);
    }

    /**
     * The fleets present in a directory for an access mode: those with a members file.
     *
     * @param dir  the fleet directory.
     * @param mode the access mode the fleets' files are named for.
     * @param uid  the owner's uid (ignored in the group modes).
     * @return the fleet names, sorted; empty if the directory does not exist.
     * @throws SegmentException if the directory cannot be listed.
     */
    public static Set<String> fleets(final Path dir, final AccessMode mode, final int uid)
    {
        final String suffix = SEPARATOR + MEMBERS + uidSuffix(mode, uid);
        final Set<String> fleets = new TreeSet<>();
        for (final Path entry : list(dir))
        {
            final String name = entry.getFileName().toString();
            if (name.length() > PREFIX.length() + suffix.length() && name.startsWith(PREFIX) && name.endsWith(suffix))
            {
                final String fleet = name.substring(PREFIX.length(), name.length() - suffix.length());
                if (null == fleetNameProblem(fleet))
                {
                    fleets.add(fleet);
                }
            }
        }

        return Collections.unmodifiableSet(fleets);
    }

    private static Path segmentFile(
        final Path dir, final String fleet, final String type, final AccessMode mode, final int uid)
    {
        Objects.requireNonNull(dir, "dir");
        return dir.resolve(PREFIX + validateFleetName(fleet) + SEPARATOR + type + uidSuffix(mode, uid));
    }

    private static String uidSuffix(final AccessMode mode, final int uid)
    {
        return Objects.requireNonNull(mode, "mode").isPerUser() ? SEPARATOR + Integer.toUnsignedString(uid) : "";
    }

    private static boolean isSegmentType(final String type)
    {
        if (MEMBERS.equals(type) || CLAIMS.equals(type) || isKind(type))
        {
            return true;
        }
        final String cachePrefix = CACHE + SEPARATOR;
        return type.startsWith(cachePrefix) && null == cacheNameProblem(type.substring(cachePrefix.length()));
    }

    /**
     * Whether text is a kind as {@link #ringFile} writes it: decimal 0..255 without leading zeros.
     */
    private static boolean isKind(final String text)
    {
        final int maxDigits = Integer.toString(MAX_KIND).length();
        if (text.isEmpty() || text.length() > maxDigits || (text.length() > 1 && text.charAt(0) == '0'))
        {
            return false;
        }
        for (int i = 0; i < text.length(); i++)
        {
            if (!isDigit(text.charAt(i)))
            {
                return false;
            }
        }
        return Integer.parseInt(text) <= MAX_KIND;
    }

    private static String fleetNameProblem(final String name)
    {
        final String problem = nameProblem(name);
        if (null == problem && (name.endsWith(CACHE_SUFFIX) || name.contains(CACHE_INFIX)))
        {
            return "must not contain \"" + CACHE_INFIX + "\" nor end with \"" + CACHE_SUFFIX +
                "\" (its files would read as another fleet's cache)";
        }
        return problem;
    }

    private static String cacheNameProblem(final String name)
    {
        final String problem = nameProblem(name);
        if (null == problem && name.endsWith(LOCK_SUFFIX))
        {
            return "must not end with \"" + LOCK_SUFFIX + "\" (its file would read as a lock file)";
        }
        return problem;
    }

    /**
     * The rule shared by fleet and cache names.
     *
     * @return what is wrong with the name, or null if nothing.
     */
    private static String nameProblem(final String name)
    {
        if (null == name)
        {
            return "a name is required";
        }
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH)
        {
            return "length=" + name.length() + ", expected 1.." + MAX_NAME_LENGTH + " characters";
        }
        for (int i = 0; i < name.length(); i++)
        {
            final char c = name.charAt(i);
            if (!isLetterOrDigit(c) && c != '_' && c != '.' && c != SEPARATOR)
            {
                return "character='" + c + "' at index=" + i + ", expected only [A-Za-z0-9_.-]";
            }
        }
        if (!isLetterOrDigit(name.charAt(0)))
        {
            return "first character='" + name.charAt(0) + "', expected a letter or digit";
        }
        if (name.contains(PARENT_REFERENCE))
        {
            return "must not contain \"" + PARENT_REFERENCE + "\"";
        }
        return null;
    }

    private static boolean isLetterOrDigit(final char c)
    {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c);
    }

    private static boolean isDigit(final char c)
    {
        return c >= '0' && c <= '9';
    }

    private static List<Path> list(final Path dir)
    {
        final List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(Objects.requireNonNull(dir, "dir"), PREFIX + "*"))
        {
            stream.forEach(entries::add);
        }
        catch (final NoSuchFileException ignore)
        {
            return List.of();
        }
        catch (final IOException ex)
        {
            throw new SegmentException("cannot list directory " + dir + ": " + ex, ex);
        }
        return entries;
    }
}
