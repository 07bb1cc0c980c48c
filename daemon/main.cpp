// peeringd: parse the configuration, run the daemon, map failures to exit codes.
#include "daemon/app.hpp"
#include "daemon/config.hpp"
#include "storage/database.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <iostream>

int main(int argc, char* argv[]) {
    using namespace peeringd;
    // Logs go to stderr (journald under systemd); stdout carries only the "listening on" line.
    spdlog::set_default_logger(spdlog::stderr_color_mt("peeringd"));
    spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ %v", spdlog::pattern_time_type::utc);
    daemon::Config config;
    try {
        auto parsed = daemon::parse_command_line(argc, argv);
        if (auto* help = std::get_if<daemon::HelpRequested>(&parsed)) {
            std::cout << help->text;
            return daemon::kExitOk;
        }
        config = std::get<daemon::Config>(parsed);
    } catch (const std::invalid_argument& e) {
        std::cerr << "peeringd: " << e.what() << " (see --help)\n";
        return daemon::kExitUsage;
    }
    try {
        return daemon::run_daemon(config);
    } catch (const storage::StartupError& e) {
        spdlog::critical("{}", e.what());
        return e.exit_code();
    } catch (const std::exception& e) {
        spdlog::critical("fatal: {}", e.what());
        return 1;
    }
}
