/**
 * Publishing this process's heartbeat while the application context runs.
 */
package dev.orbit.spring.heartbeat;
